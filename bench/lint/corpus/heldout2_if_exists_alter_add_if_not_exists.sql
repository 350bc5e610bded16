-- rule: PG007, PG020, PG034
-- expect:
-- differs: a nullable text column is a catalog change; the IF EXISTS / IF NOT EXISTS change nothing about locks.
alter table if exists orders add column if not exists coupon_code text;
