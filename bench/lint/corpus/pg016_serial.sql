-- rule: PG016, PG017
-- expect: PG016, PG017
create table sessions (id serial primary key, token text not null);
