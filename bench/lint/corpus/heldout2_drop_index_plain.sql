-- rule: PG002
-- expect: PG002
-- differs: DROP INDEX takes an ACCESS EXCLUSIVE lock on orders.
drop index orders_placed_at;
