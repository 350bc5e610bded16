-- rule: PG001, PG010
-- expect:
comment on table orders is 'drop table orders; create index i on orders (id)';
-- drop table orders;
/* alter table orders drop column note; */
select 1;
