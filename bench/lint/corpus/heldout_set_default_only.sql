-- rule: PG007
-- expect:
ALTER TABLE accounts ALTER COLUMN plan SET DEFAULT 'pro';
