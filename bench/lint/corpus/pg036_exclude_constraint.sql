-- rule: PG036
-- expect: PG036
-- differs: Squawk reports constraint-missing-not-valid here, but PostgreSQL refuses NOT VALID on EXCLUDE constraints ("EXCLUDE constraints cannot be marked NOT VALID"): the advice cannot be followed. The lock comes from building the index, which is PG036's finding.
-- setup
create extension if not exists btree_gist;
create table bookings (id bigint generated always as identity primary key, room bigint not null, during tstzrange not null);
-- migration 20260101000001_NoOverlap
alter table bookings add constraint bookings_no_overlap exclude using gist (room with =, during with &&);
