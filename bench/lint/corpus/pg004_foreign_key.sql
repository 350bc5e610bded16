-- rule: PG004
-- expect: PG004
alter table orders add constraint orders_account_fk foreign key (account_id) references accounts (id);
