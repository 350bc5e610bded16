-- rule: PG002
-- expect: PG002
drop index orders_placed_at;
