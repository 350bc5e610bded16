-- rule: PG020
-- expect: PG020
-- postgres: refuses: column "vat_number" of relation "accounts" contains null values
alter table accounts add column vat_number text not null;
