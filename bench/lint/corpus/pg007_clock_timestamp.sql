-- rule: PG007
-- expect: PG007
alter table accounts add column seen_at timestamptz default clock_timestamp();
