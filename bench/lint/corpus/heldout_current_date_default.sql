-- rule: PG007
-- expect:
-- differs: CURRENT_DATE is stable, not volatile, so PostgreSQL 11+ stores the default once in the catalog and rewrites nothing.
ALTER TABLE orders ADD COLUMN placed_on date DEFAULT CURRENT_DATE;
