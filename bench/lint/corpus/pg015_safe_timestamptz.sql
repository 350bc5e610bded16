-- rule: PG015
-- expect:
alter table orders add column shipped_at timestamptz;
