-- rule: PG007
-- expect:
-- differs: api_keys is created by the same migration: the rewrite is of an empty table nobody uses yet.
create table api_keys (id bigint generated always as identity primary key, token text not null);
alter table api_keys add column key_uuid uuid not null default gen_random_uuid();
