-- rule: PG024
-- expect:
truncate events_2025;
