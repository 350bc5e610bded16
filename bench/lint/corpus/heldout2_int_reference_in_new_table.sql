-- rule: PG017, PG004
-- expect: PG017
-- differs: account_id is a 32-bit column referencing a key; the table is new, so the foreign key checks no existing row.
create table notes (
  id bigint generated always as identity primary key,
  account_id int references accounts (id),
  body text
);
