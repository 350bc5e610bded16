-- rule: PG014
-- expect: PG014
create table webhooks (id bigint generated always as identity primary key, body json not null);
