-- rule: PG007, PG020
-- expect:
-- differs: a constant enum default is stored in the catalog since PostgreSQL 11, so the NOT NULL column is added without a rewrite.
create type delivery_kind as enum ('pickup', 'courier');
alter table orders add column delivery delivery_kind not null default 'courier';
