-- rule: PG030
-- expect: PG030
-- differs: ADD VALUE without BEFORE or AFTER puts 'cancelled' after 'shipped' in the enum's sort order.

-- A cancelled order: the support team's request (is it "final"? yes).
alter type order_status add value 'cancelled';
