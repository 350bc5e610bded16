-- rule: PG008
-- expect: PG008
-- differs: accounts.created_at is timestamptz without a precision; cutting it to 3 digits rounds every stored value, so PostgreSQL rewrites the table.
alter table accounts alter column created_at type timestamptz(3);
