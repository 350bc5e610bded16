-- rule: PG039
-- expect: PG039
alter table orders add constraint orders_account_fk
  foreign key (account_id) references accounts (id) not valid;
alter table orders validate constraint orders_account_fk;
