-- rule: PG022
-- expect: PG022
-- differs: sku is varchar(32).
create table products (
  id bigint generated always as identity primary key,
  sku varchar(32) not null,
  title text not null
);
