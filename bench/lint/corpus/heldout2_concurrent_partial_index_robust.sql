-- rule: PG001, PG034
-- expect:
-- differs: CREATE INDEX CONCURRENTLY IF NOT EXISTS, alone in a migration without a transaction, takes no SHARE lock and runs again without failing.
-- dbmigrate:no-transaction
create index concurrently if not exists orders_open_placed_at on orders (placed_at) where status <> 'shipped';
