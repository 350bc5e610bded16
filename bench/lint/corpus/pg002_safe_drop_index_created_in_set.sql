-- rule: PG002, PG001
-- expect:
-- differs: the index belongs to a table created by an earlier migration of the same pending set; dropping it locks a table nobody uses yet.
-- migration 20260101000001_CreateCoupons
create table coupons (id bigint generated always as identity primary key, code text not null);
create index coupons_code on coupons (code);
-- migration 20260101000002_DropCouponIndex
drop index coupons_code;
