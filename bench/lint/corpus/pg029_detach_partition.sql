-- rule: PG029
-- expect: PG029
alter table events detach partition events_2025;
