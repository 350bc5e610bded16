-- rule: PG022
-- expect:
create table products (
  id bigint generated always as identity primary key,
  sku text not null check (length(sku) <= 32)
);
