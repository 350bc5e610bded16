-- rule: PG021
-- expect: PG021
ALTER TABLE orders ADD COLUMN code char(8) NOT NULL DEFAULT 'AAAAAAAA';
