-- rule: PG035, PG007
-- expect: PG035
-- differs: a stored generated column is computed for every existing row: PostgreSQL rewrites orders.
alter table orders add column total_eur numeric generated always as (total_cents / 100.0) stored;
