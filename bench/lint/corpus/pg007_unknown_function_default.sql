-- rule: PG007
-- expect: PG007
-- setup
create function next_reference() returns text language sql volatile as $$ select md5(random()::text) $$;
-- migration 20260101000001_AddReference
alter table orders add column reference text default next_reference();
