-- rule: PG025
-- expect: PG025
alter table orders alter column total_cents drop not null;
