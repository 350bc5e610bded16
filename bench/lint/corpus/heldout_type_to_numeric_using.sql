-- rule: PG008
-- expect: PG008
alter table orders alter column total_cents set data type numeric using total_cents::numeric;
