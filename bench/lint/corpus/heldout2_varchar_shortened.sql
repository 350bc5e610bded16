-- rule: PG008, PG022
-- expect: PG008, PG022
-- differs: shortening varchar(20) to varchar(10) must check every value, so PostgreSQL rewrites orders; the new type is a varchar(n) as well.
alter table orders alter column legacy_code type varchar(10);
