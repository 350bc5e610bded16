-- rule: PG013
-- expect: PG013
cluster orders using orders_placed_at;
