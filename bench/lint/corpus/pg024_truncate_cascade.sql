-- rule: PG024
-- expect: PG024
truncate accounts cascade;
