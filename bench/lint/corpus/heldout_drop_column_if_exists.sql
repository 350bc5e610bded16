-- rule: PG010
-- expect: PG010
ALTER TABLE IF EXISTS orders DROP COLUMN IF EXISTS legacy_code;
