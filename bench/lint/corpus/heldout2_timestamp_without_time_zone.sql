-- rule: PG015
-- expect: PG015
-- differs: timestamp without a zone stores wall-clock time.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamp not null default now(),
  actor text
);
