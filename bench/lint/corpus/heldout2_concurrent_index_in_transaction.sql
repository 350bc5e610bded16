-- rule: PG003, PG001
-- expect: PG003
-- postgres: refuses: cannot run inside a transaction block
-- differs: PostgreSQL refuses CREATE INDEX CONCURRENTLY inside the transaction dbmigrate runs this migration in. Squawk asks for IF NOT EXISTS too, but a transactional migration that fails changed nothing and reruns cleanly.
create index concurrently orders_total on orders (total_cents);
