-- rule: PG004
-- expect: PG004
create table promotions (id bigint generated always as identity primary key, name text not null);
alter table orders add column promotion_id bigint;
alter table orders add constraint orders_promotion_fk foreign key (promotion_id) references promotions (id);
