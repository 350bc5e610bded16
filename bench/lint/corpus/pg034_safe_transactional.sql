-- rule: PG034
-- expect:
create table wishlists (id bigint generated always as identity primary key, account_id bigint not null);
