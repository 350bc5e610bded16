-- rule: PG007, PG017, PG020
-- expect:
-- differs: nullable columns, a constant default and a new default for future rows: each a catalog change; a 32-bit quantity that is no key is fine; Squawk warns on every int.
alter table orders
  add column gift_message text,
  add column item_count int default 0,
  alter column note set default '';
