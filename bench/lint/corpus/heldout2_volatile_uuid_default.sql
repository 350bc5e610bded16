-- rule: PG007
-- expect: PG007
-- differs: gen_random_uuid() is volatile, so PostgreSQL computes it for every existing row and rewrites accounts under an ACCESS EXCLUSIVE lock.
alter table accounts add column api_token uuid default gen_random_uuid();
