-- rule: PG001
-- expect: PG001
create index "orders_status_idx" on "public"."orders" using btree ("status");
