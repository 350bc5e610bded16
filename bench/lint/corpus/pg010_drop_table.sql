-- rule: PG010
-- expect: PG010
drop table if exists events_2025;
