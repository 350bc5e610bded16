-- rule: PG034
-- expect: PG034
-- differs: outside a transaction a rerun repeats CREATE TABLE, which fails without IF NOT EXISTS.
-- dbmigrate:no-transaction
create table webhooks (id bigint generated always as identity primary key, url text not null);
