-- rule: PG007
-- expect: PG007
-- differs: an added identity column gets a value from the sequence for every existing row, which rewrites the table under ACCESS EXCLUSIVE; Squawk does not look at GENERATED ... AS IDENTITY.
alter table orders add column seq bigint generated always as identity;
