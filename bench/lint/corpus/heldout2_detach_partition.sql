-- rule: PG029
-- expect: PG029
-- differs: DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on events.
alter table events detach partition events_2025;
