-- rule: PG005
-- expect:
create table carts (id bigint generated always as identity primary key, items bigint not null);
alter table carts add constraint carts_items_positive check (items > 0);
