-- rule: PG004
-- expect:
create table refunds (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders (id),
  amount_cents bigint not null
);
