-- rule: PG008
-- expect:
-- differs: varchar(n) to text is binary coercible: PostgreSQL changes the catalog only, no rewrite and no index rebuild. Squawk flags every type change.
alter table orders alter column legacy_code type text;
