-- rule: PG005
-- expect: PG005
-- differs: ADD CONSTRAINT ... CHECK without NOT VALID scans every row of orders under an ACCESS EXCLUSIVE lock.
alter table orders add constraint orders_total_not_negative check (total_cents >= 0);
