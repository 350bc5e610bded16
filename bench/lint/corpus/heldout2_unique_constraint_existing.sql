-- rule: PG018
-- expect: PG018
-- differs: ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock on accounts: PG018 says so and gives the pattern that works; Squawk's constraint-missing-not-valid asks for NOT VALID, which PostgreSQL refuses on UNIQUE constraints ("UNIQUE constraints cannot be marked NOT VALID").
alter table accounts add constraint accounts_email_key unique (email);
