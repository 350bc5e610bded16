-- rule: PG004, PG039
-- expect:
-- differs: the key is added NOT VALID, and validated by a later migration in its own transaction, where VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE on orders and lets writes go on.
-- migration 20260101000001_OrdersAccountFk
alter table orders add constraint orders_account_fk foreign key (account_id) references accounts (id) not valid;
-- migration 20260101000002_ValidateOrdersAccountFk
alter table orders validate constraint orders_account_fk;
