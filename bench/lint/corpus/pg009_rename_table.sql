-- rule: PG009
-- expect: PG009
alter table orders rename to purchases;
