-- rule: PG017
-- expect:
-- differs: a 32-bit column that is not a key holds a bounded quantity, not a row count; Squawk warns on every int. We warn where exhausting the range is a matter of time: keys and the columns that reference them.
create table stock (
  id bigint generated always as identity primary key,
  quantity integer not null default 0
);
