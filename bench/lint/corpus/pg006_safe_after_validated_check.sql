-- rule: PG006
-- expect:
-- differs: since PostgreSQL 12, SET NOT NULL skips the scan when a validated CHECK (name IS NOT NULL) proves it; the check was validated in an earlier migration of the set, so the statement is instant.
-- setup
update accounts set name = '' where name is null;
-- migration 20260101000001_CheckName
alter table accounts add constraint accounts_name_not_null check (name is not null) not valid;
-- migration 20260101000002_ValidateName
alter table accounts validate constraint accounts_name_not_null;
-- migration 20260101000003_NameNotNull
alter table accounts alter column name set not null;
alter table accounts drop constraint accounts_name_not_null;
