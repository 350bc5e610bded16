-- rule: PG007, PG020
-- expect:
-- differs: now() is stable: PostgreSQL 11+ evaluates it once, stores it in the catalog and rewrites nothing; the default also fills the NOT NULL column for existing rows.
alter table orders add column updated_at timestamptz not null default now();
