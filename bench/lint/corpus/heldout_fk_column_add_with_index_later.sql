-- rule: PG004, PG001
-- expect: PG004, PG001
alter table orders add column coupon_account_id bigint references accounts (id);
create index orders_coupon_account on orders (coupon_account_id);
