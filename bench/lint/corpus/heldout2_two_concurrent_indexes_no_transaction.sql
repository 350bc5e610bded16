-- rule: PG001, PG034
-- expect:
-- differs: both are CONCURRENTLY IF NOT EXISTS outside a transaction: no SHARE lock, and a rerun skips what was built.
-- dbmigrate:no-transaction
create index concurrently if not exists orders_status_idx on orders (status);
create index concurrently if not exists orders_account_placed on orders (account_id, placed_at desc);
