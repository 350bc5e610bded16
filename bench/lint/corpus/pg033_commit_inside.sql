-- rule: PG033
-- expect: PG033
-- postgres: refuses: COMMIT ends or starts a transaction
alter table orders add column gift boolean;
commit;
