-- rule: PG008, PG022
-- expect:
-- differs: varchar(20) to varchar without a limit is binary coercible: PostgreSQL changes the catalog only (ALTER TABLE, "binary coercible"; 9.2 release notes: removing a varchar limit needs no rewrite).
alter table orders alter column legacy_code type varchar;
