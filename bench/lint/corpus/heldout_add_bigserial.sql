-- rule: PG007, PG016
-- expect: PG007, PG016
-- differs: a bigserial column takes nextval() for every existing row, so PostgreSQL rewrites the table; Squawk does not look at serial types in ADD COLUMN.
ALTER TABLE accounts ADD COLUMN legacy_seq bigserial;
