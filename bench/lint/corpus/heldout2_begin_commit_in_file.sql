-- rule: PG033
-- expect: PG033
-- postgres: refuses: ends or starts a transaction
-- differs: BEGIN and COMMIT would end the transaction dbmigrate keeps the migration in.
begin;
alter table accounts add column nickname text;
commit;
