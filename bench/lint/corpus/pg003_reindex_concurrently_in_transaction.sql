-- rule: PG003
-- expect: PG003
-- differs: PostgreSQL refuses REINDEX CONCURRENTLY inside a transaction block; Squawk only checks CREATE INDEX.
-- postgres: refuses: REINDEX CONCURRENTLY cannot run inside a transaction block
reindex index concurrently orders_placed_at;
