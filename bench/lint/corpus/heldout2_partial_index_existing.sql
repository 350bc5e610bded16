-- rule: PG001
-- expect: PG001
-- differs: a partial index is built by scanning the whole table under a SHARE lock like any other.
create index orders_pending_placed_at on orders (placed_at) where status = 'pending';
