-- rule: PG010
-- expect:
-- differs: the table was created by an earlier migration of the same pending set and never reached any running code; Squawk lints each file alone.
-- migration 20260101000001_CreateScratch
create table import_scratch (id bigint generated always as identity primary key, line text);
-- migration 20260101000002_DropScratch
drop table import_scratch;
