-- rule: PG001
-- expect: PG001
create index on orders (status);
