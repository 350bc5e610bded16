-- rule: PG016, PG017
-- expect: PG016, PG017
-- differs: serial is a 32-bit key with a sequence of its own.
create table tags (id serial primary key, name text not null unique);
