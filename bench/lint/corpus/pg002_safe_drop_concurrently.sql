-- rule: PG002, PG034
-- expect:
-- dbmigrate:no-transaction
drop index concurrently if exists orders_placed_at;
