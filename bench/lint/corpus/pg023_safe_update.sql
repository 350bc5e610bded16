-- rule: PG023
-- expect:
update accounts set plan = 'pro', name = 'Ann B' where id = 1;
