-- rule: PG018
-- expect: PG018
alter table accounts add column username text unique;
