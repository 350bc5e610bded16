-- rule: PG015
-- expect: PG015
create table readings (id bigint primary key, taken timestamp(6) without time zone default now());
