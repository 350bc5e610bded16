-- rule: PG007
-- expect:
alter table orders add column discount_cents bigint not null default 0::bigint;
