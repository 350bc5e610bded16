-- rule: PG006
-- expect: PG006
-- setup
update accounts set name = '' where name is null;
-- migration 20260101000001_NameRequired
alter table accounts alter column name set not null;
