-- rule: PG011
-- expect:
set local lock_timeout = '30s';
alter table orders add column gift boolean;
