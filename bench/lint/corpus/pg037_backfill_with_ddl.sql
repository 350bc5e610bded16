-- rule: PG037
-- expect: PG037
alter table accounts add column newsletter boolean;
update accounts set newsletter = false;
