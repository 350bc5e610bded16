-- rule: PG004, PG039
-- expect:
-- setup
alter table orders add constraint orders_account_fk
  foreign key (account_id) references accounts (id) not valid;
-- migration 20260101000001_ValidateOrdersAccount
alter table orders validate constraint orders_account_fk;
