-- rule: PG008, PG017
-- expect: PG008
-- differs: integer to bigint is not binary coercible: PostgreSQL rewrites line_items and its indexes under an ACCESS EXCLUSIVE lock.
-- setup
create table line_items (id int generated always as identity primary key, order_id bigint not null, qty int not null);
insert into line_items (order_id, qty) values (1, 2);
-- migration 20260101000001_LineItemsBigintKey
alter table line_items alter column id type bigint;
