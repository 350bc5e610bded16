-- rule: PG005
-- expect:
alter table orders add constraint orders_total_positive check (total_cents >= 0) not valid;
