-- rule: PG001, PG011
-- expect: PG001
-- differs: a lock timeout limits the wait for the lock, not the build that holds it.
set local lock_timeout = '2s';
create index orders_note on orders (note);
