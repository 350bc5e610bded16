-- rule: PG030
-- expect:
-- differs: AFTER 'paid' says where the value sorts, which is all the rule asks.
alter type order_status add value if not exists 'refunded' after 'paid';
