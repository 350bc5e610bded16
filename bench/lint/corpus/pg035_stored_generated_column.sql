-- rule: PG035
-- expect: PG035
alter table orders add column total_dollars numeric generated always as (total_cents / 100.0) stored;
