-- rule: PG024
-- expect:
TRUNCATE TABLE ONLY events_2025 RESTRICT;
