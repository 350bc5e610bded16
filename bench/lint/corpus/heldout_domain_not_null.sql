-- rule: PG026
-- expect: PG026
CREATE DOMAIN cents AS bigint NOT NULL;
