-- rule: PG023
-- expect: PG023
-- postgres: refuses: multiple assignments to same column "plan"
update accounts set plan = 'pro', plan = 'team' where id = 1;
