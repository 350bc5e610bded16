-- rule: PG030
-- expect: PG030
alter type order_status add value 'refunded';
