-- rule: PG007
-- expect: PG007
-- differs: random() is volatile: every existing row gets its own value, so PostgreSQL rewrites accounts.
alter table accounts add column sample_weight double precision default random();
