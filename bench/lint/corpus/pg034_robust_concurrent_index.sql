-- rule: PG034
-- expect: PG034
-- dbmigrate:no-transaction
create index concurrently orders_status_placed on orders (status, placed_at);
