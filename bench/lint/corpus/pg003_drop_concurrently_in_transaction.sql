-- rule: PG003
-- expect: PG003
-- differs: PostgreSQL refuses DROP INDEX CONCURRENTLY inside a transaction block ("cannot run inside a transaction block"), exactly as for CREATE INDEX CONCURRENTLY; Squawk's rule looks at CREATE only.
-- postgres: refuses: DROP INDEX CONCURRENTLY cannot run inside a transaction block
drop index concurrently orders_placed_at;
