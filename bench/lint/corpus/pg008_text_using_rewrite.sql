-- rule: PG008
-- expect: PG008
alter table orders alter column legacy_code type text using upper(legacy_code);
