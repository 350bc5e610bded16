-- rule: PG027
-- expect:
-- differs: with NOT VALID, ALTER DOMAIN ... ADD CONSTRAINT checks no existing value (PostgreSQL's documentation of ALTER DOMAIN), so nothing is scanned; Squawk flags the statement either way.
alter domain positive_cents add constraint positive_cents_cap check (value < 100000000) not valid;
