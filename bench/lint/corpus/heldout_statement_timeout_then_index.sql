-- rule: PG001
-- expect: PG001
set statement_timeout = '10min';
create index orders_total on orders (total_cents);
