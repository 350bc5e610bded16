-- rule: PG007
-- expect: PG007
ALTER TABLE orders ADD COLUMN token text DEFAULT md5(random()::text);
