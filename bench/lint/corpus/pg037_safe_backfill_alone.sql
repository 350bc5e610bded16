-- rule: PG037
-- expect:
update accounts set plan = 'free' where plan is null;
