-- rule: PG006
-- expect: PG006
alter table accounts alter column name set not null;
