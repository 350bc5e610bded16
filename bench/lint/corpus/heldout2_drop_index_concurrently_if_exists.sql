-- rule: PG002, PG034
-- expect:
-- differs: DROP INDEX CONCURRENTLY IF EXISTS, alone and outside a transaction, takes no ACCESS EXCLUSIVE lock and reruns cleanly.
-- dbmigrate:no-transaction
drop index concurrently if exists orders_placed_at;
