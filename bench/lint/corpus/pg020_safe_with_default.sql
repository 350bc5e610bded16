-- rule: PG020
-- expect:
alter table accounts add column vat_exempt boolean not null default false;
