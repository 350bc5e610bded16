-- rule: PG007
-- expect:
alter table accounts add column updated_at timestamptz not null default now();
