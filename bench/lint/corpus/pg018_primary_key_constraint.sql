-- rule: PG018
-- expect: PG018
-- differs: Squawk also reports constraint-missing-not-valid, but PostgreSQL refuses NOT VALID on PRIMARY KEY constraints; PG018 gives the pattern that works (unique index CONCURRENTLY, then PRIMARY KEY USING INDEX).
-- setup
create table legacy_rates (code text not null, rate numeric);
-- migration 20260101000001_RatesKey
alter table legacy_rates add constraint legacy_rates_pkey primary key (code);
