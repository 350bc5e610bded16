-- rule: PG027
-- expect: PG027
-- differs: without NOT VALID, ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain in every table.
alter domain positive_cents add constraint positive_cents_max check (value < 100000000);
