-- rule: PG031
-- expect: PG031
-- differs: the name is 65 bytes; PostgreSQL cuts it to 63.
alter table orders add column note_written_by_the_customer_at_checkout_time_for_the_warehouse_x text;
