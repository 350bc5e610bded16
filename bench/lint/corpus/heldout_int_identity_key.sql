-- rule: PG017
-- expect: PG017
create table labels (id int generated always as identity primary key, name text not null);
