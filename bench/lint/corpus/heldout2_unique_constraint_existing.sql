-- rule: PG018
-- expect: PG018
-- differs: ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock on accounts.
alter table accounts add constraint accounts_email_key unique (email);
