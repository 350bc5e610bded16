-- rule: PG030
-- expect:
alter type order_status add value 'packed' after 'paid';
