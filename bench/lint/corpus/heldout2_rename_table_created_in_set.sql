-- rule: PG009
-- expect:
-- differs: coupons is created by the first migration of the same pending set; no running code knows either name yet.
-- migration 20260101000001_CreateCoupons
create table coupons (id bigint generated always as identity primary key, code text not null);
-- migration 20260101000002_RenameCoupons
alter table coupons rename to vouchers;
