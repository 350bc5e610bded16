-- rule: PG018
-- expect: PG018
-- differs: Squawk also reports constraint-missing-not-valid, but PostgreSQL refuses NOT VALID on UNIQUE constraints ("UNIQUE constraints cannot be marked NOT VALID"); only PG018's pattern (a concurrent index, then USING INDEX) avoids the lock.
alter table orders add constraint orders_legacy_code_key unique (legacy_code);
