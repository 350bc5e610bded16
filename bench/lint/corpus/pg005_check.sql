-- rule: PG005
-- expect: PG005
alter table orders add constraint orders_total_positive check (total_cents >= 0);
