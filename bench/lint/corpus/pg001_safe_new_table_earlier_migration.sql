-- rule: PG001
-- expect:
-- differs: the table is created by the first migration of the same pending set, so it is new and empty when the second one indexes it; Squawk lints each file alone and cannot know.
-- migration 20260101000001_CreateShipments
create table shipments (
  id bigint generated always as identity primary key,
  order_id bigint not null,
  shipped_at timestamptz
);
-- migration 20260101000002_IndexShipments
create index shipments_order_id on shipments (order_id);
