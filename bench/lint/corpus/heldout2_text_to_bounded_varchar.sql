-- rule: PG008, PG022
-- expect: PG008, PG022
-- differs: text to varchar(255) must check every value's length: PostgreSQL rewrites accounts; the new type is a varchar(n).
alter table accounts alter column email type varchar(255);
