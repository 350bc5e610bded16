-- rule: PG033
-- expect: PG033
-- postgres: refuses: dbmigrate refuses BEGIN in a migration file
begin;
alter table orders add column gift boolean;
