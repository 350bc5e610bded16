-- rule: PG018
-- expect: PG018
-- differs: Squawk also reports constraint-missing-not-valid, but PostgreSQL refuses NOT VALID on UNIQUE constraints; PG018 gives the pattern that works.
alter table accounts add constraint accounts_email_key unique (email);
