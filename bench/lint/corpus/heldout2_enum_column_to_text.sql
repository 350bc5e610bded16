-- rule: PG008
-- expect: PG008
-- differs: an enum is not binary coercible to text: PostgreSQL rewrites orders and rebuilds its indexes.
alter table orders alter column status drop default;
alter table orders alter column status type text;
alter table orders alter column status set default 'pending';
