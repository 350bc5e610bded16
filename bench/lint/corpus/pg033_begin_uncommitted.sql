-- rule: PG033
-- expect: PG033
-- postgres: refuses: BEGIN ends or starts a transaction
begin;
alter table orders add column gift boolean;
