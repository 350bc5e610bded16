-- rule: PG001
-- expect: PG001
-- Only open orders are looked up by status.
create index orders_pending on orders (placed_at) where status = 'pending';
