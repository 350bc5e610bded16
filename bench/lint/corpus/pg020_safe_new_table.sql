-- rule: PG020
-- expect:
-- differs: vouchers is created by the same migration and has no rows, so a NOT NULL column without a default is added without error; the case runs on PostgreSQL.
create table vouchers (id bigint generated always as identity primary key);
alter table vouchers add column code text not null;
