-- rule: PG033
-- expect: PG033
-- postgres: refuses: dbmigrate refuses COMMIT in a migration file
alter table orders add column gift boolean;
commit;
