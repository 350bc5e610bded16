-- rule: PG001
-- expect:
create table invoices (
  id bigint generated always as identity primary key,
  order_id bigint not null,
  issued_at timestamptz not null default now()
);
create index invoices_order_id on invoices (order_id);
