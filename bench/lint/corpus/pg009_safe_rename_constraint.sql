-- rule: PG009
-- expect:
alter table orders rename constraint orders_pkey to orders_primary_key;
