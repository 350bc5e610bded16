-- rule: PG001, PG004, PG005
-- expect:
-- differs: subscriptions is created by the first migration of the set, so its index and check lock an empty table nobody uses; the index on orders is built CONCURRENTLY IF NOT EXISTS in a migration without a transaction. Squawk lints each file alone, so it takes subscriptions for an existing table in the second migration.
-- migration 20260101000001_CreateSubscriptions
create table subscriptions (
  id bigint generated always as identity primary key,
  account_id bigint not null references accounts (id),
  plan text not null,
  started_at timestamptz not null default now()
);
create index subscriptions_account on subscriptions (account_id);
-- migration 20260101000002_SubscriptionEnd
alter table subscriptions add column ends_at timestamptz;
alter table subscriptions add constraint subscriptions_dates check (ends_at is null or ends_at > started_at);
-- migration 20260101000003_OrdersAccountIndex
-- dbmigrate:no-transaction
create index concurrently if not exists orders_account_id on orders (account_id);
