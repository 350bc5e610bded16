-- rule: PG017
-- expect: PG017
create table countries (id integer primary key, code text not null);
