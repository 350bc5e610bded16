-- rule: PG010
-- expect:
comment on column orders.note is 'free text; never drop it';
grant select on orders to public;
