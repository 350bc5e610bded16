-- rule: PG001
-- expect: PG001
create index orders_account_id on orders (account_id);
