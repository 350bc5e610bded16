-- rule: PG007
-- expect:
alter table accounts add column nick text collate "C";
