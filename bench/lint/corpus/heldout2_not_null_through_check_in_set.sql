-- rule: PG005, PG006
-- expect:
-- differs: the check is added NOT VALID, validated by the next migration, and SET NOT NULL in the third uses the validated CHECK (name IS NOT NULL) and skips its scan (PostgreSQL 12+).
-- migration 20260101000001_AccountsNameCheck
update accounts set name = '' where name is null;
alter table accounts add constraint accounts_name_nn check (name is not null) not valid;
-- migration 20260101000002_ValidateAccountsNameCheck
alter table accounts validate constraint accounts_name_nn;
-- migration 20260101000003_AccountsNameNotNull
alter table accounts alter column name set not null;
alter table accounts drop constraint accounts_name_nn;
