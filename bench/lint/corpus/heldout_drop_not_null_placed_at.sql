-- rule: PG025
-- expect: PG025
ALTER TABLE orders ALTER COLUMN placed_at DROP NOT NULL;
