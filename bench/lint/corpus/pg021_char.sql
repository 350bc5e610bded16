-- rule: PG021
-- expect: PG021
alter table accounts add column country char(2);
