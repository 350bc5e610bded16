-- rule: PG008
-- expect: PG008
alter table orders alter column total_cents type numeric(12, 2);
