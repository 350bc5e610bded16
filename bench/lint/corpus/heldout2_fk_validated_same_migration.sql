-- rule: PG004, PG039
-- expect: PG039
-- differs: VALIDATE in the same transaction as ADD ... NOT VALID scans orders while the ADD's SHARE ROW EXCLUSIVE locks on both tables are still held, so NOT VALID gains nothing.
alter table orders add constraint orders_account_fk foreign key (account_id) references accounts (id) not valid;
alter table orders validate constraint orders_account_fk;
