-- rule: PG010
-- expect: PG010
DROP TABLE events_2025, events_2026;
