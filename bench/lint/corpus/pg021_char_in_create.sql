-- rule: PG021
-- expect: PG021
create table currencies (code character(3) primary key, name text not null);
