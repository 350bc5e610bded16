-- rule: PG038
-- expect: PG038
-- postgres: refuses: DROP DATABASE cannot run inside a transaction block
drop database if exists legacy_reports;
