-- rule: PG007
-- expect: PG007
alter table orders add column public_id uuid default gen_random_uuid();
