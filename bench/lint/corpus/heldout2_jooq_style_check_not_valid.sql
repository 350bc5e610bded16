-- rule: PG005
-- expect:
-- differs: NOT VALID: existing rows are not scanned.
alter table "orders" add constraint "orders_total_chk" check ("total_cents" >= 0) not valid;
