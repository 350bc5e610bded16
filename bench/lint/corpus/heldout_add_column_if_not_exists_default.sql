-- rule: PG007, PG020
-- expect:
ALTER TABLE orders ADD COLUMN IF NOT EXISTS archived boolean DEFAULT false NOT NULL;
