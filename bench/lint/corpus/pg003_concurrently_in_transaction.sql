-- rule: PG003
-- expect: PG003
-- postgres: refuses: CREATE INDEX CONCURRENTLY cannot run inside a transaction block
-- differs: PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block, and dbmigrate runs this migration in one; Squawk with --assume-in-transaction does not report it. Squawk asks for IF NOT EXISTS too, but a migration that fails at its only statement changed nothing and reruns cleanly.
create index concurrently orders_note on orders (note);
