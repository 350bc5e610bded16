-- rule: PG026
-- expect: PG026
-- differs: the CHECK is on the domain, not on the columns.
create domain email_address as text check (value like '%@%');
