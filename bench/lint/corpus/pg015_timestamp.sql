-- rule: PG015
-- expect: PG015
alter table orders add column shipped_at timestamp;
