-- rule: PG004, PG017
-- expect: PG004, PG017
-- differs: orders exists and has rows, so adding the foreign key scans it under SHARE ROW EXCLUSIVE locks though regions is new; region_id is a 32-bit column referencing a key.
-- migration 20260101000001_CreateRegions
create table regions (id bigint generated always as identity primary key, name text not null);
-- migration 20260101000002_OrdersRegion
alter table orders add column region_id int references regions (id);
