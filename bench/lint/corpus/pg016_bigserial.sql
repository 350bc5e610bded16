-- rule: PG016
-- expect: PG016
create table audit_log (id bigserial primary key, action text not null);
