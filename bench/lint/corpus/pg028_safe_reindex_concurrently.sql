-- rule: PG028
-- expect:
-- dbmigrate:no-transaction
reindex index concurrently orders_placed_at;
