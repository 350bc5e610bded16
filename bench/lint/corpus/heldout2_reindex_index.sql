-- rule: PG028
-- expect: PG028
-- differs: REINDEX INDEX without CONCURRENTLY blocks writes to orders while it rebuilds.
reindex index orders_placed_at;
