-- rule: PG034, PG002
-- expect: PG034
-- dbmigrate:no-transaction
DROP INDEX CONCURRENTLY orders_placed_at;
