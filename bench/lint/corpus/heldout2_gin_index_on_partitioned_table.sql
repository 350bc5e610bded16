-- rule: PG001
-- expect: PG001
-- differs: an index on a partitioned table is built on every partition under SHARE locks; PostgreSQL has no CONCURRENTLY for it, so the safe way is CREATE INDEX ON ONLY, concurrent indexes on each partition, and ATTACH PARTITION.
create index events_payload on events using gin (payload);
