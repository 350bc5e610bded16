-- rule: PG001, PG004, PG007
-- expect:
-- differs: everything here touches tables the same migration creates, so nothing is locked that anyone uses; Squawk agrees except where it cannot know a default's volatility.
create table subscriptions (
  id bigint generated always as identity primary key,
  account_id bigint not null references accounts (id),
  started_at timestamptz not null default now(),
  ends_at timestamptz
);
create index subscriptions_account_id on subscriptions (account_id);
alter table subscriptions add column renewal_token uuid not null default gen_random_uuid();
