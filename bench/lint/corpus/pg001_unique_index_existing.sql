-- rule: PG001
-- expect: PG001
create unique index accounts_email_key on accounts (lower(email));
