-- rule: PG027
-- expect: PG027
alter domain positive_cents add constraint positive_cents_cap check (value < 100000000);
