-- rule: PG007
-- expect:
-- differs: lower() is immutable, so PostgreSQL 11+ evaluates the default once and stores it in the catalog: no rewrite. Squawk treats every function it does not list as volatile.
alter table accounts add column region text not null default lower('EU');
