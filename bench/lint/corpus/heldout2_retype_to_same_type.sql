-- rule: PG008
-- expect:
-- differs: orders.total_cents is bigint already (the schema that already ran); ALTER COLUMN ... TYPE to the same type needs no rewrite and no index rebuild; Squawk flags every type change.
alter table orders alter column total_cents type bigint;
