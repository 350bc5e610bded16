-- What the application's database already holds before each case: tables with rows, so a
-- statement that must scan or rewrite them does, and one that cannot work on them fails.
create extension if not exists pgcrypto;
create type order_status as enum ('pending', 'paid', 'shipped');
create table accounts (
  id bigint generated always as identity primary key,
  email text not null,
  name varchar(100),
  plan text not null default 'free',
  created_at timestamptz not null default now()
);
create table orders (
  id bigint generated always as identity primary key,
  account_id bigint not null,
  status order_status not null default 'pending',
  total_cents bigint not null,
  note text,
  legacy_code varchar(20),
  placed_at timestamptz not null default now()
);
create index orders_placed_at on orders (placed_at);
create table events (
  id bigint generated always as identity,
  occurred_at timestamptz not null,
  payload jsonb,
  primary key (id, occurred_at)
) partition by range (occurred_at);
create table events_2025 partition of events
  for values from ('2025-01-01') to ('2026-01-01');
create table events_2026 partition of events
  for values from ('2026-01-01') to ('2027-01-01');
create domain positive_cents as bigint check (value >= 0);
create schema reporting;
insert into accounts (email, name) values ('a@example.com', 'Ann'), ('b@example.com', null);
insert into orders (account_id, total_cents, note) values (1, 1200, 'first'), (2, 300, null);
insert into events (occurred_at, payload) values ('2025-06-01', '{}'), ('2026-06-01', null);
