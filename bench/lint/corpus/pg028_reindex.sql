-- rule: PG028
-- expect: PG028
reindex index orders_placed_at;
