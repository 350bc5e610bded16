-- rule: PG010
-- expect: PG010
alter table orders drop column legacy_code;
