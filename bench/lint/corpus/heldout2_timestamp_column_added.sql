-- rule: PG015
-- expect: PG015
-- differs: timestamp without a zone.
alter table orders add column shipped_at timestamp;
