-- rule: PG007
-- expect:
alter table accounts add column locale text not null default 'en';
