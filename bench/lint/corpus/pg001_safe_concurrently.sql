-- rule: PG001, PG034
-- expect:
-- dbmigrate:no-transaction
create index concurrently if not exists orders_account_id on orders (account_id);
