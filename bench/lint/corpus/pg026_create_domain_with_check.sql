-- rule: PG026
-- expect: PG026
create domain email_address as text check (value ~ '^[^@]+@[^@]+$');
