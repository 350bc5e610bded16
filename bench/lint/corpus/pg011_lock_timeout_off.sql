-- rule: PG011
-- expect: PG011
set lock_timeout = 0;
alter table orders add column gift boolean;
