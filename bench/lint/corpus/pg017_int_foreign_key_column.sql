-- rule: PG017
-- expect: PG017
create table line_items (
  id bigint generated always as identity primary key,
  product_id integer not null references countries (id)
);
-- setup
create table countries (id integer primary key);
