-- rule: PG024
-- expect: PG024
-- differs: CASCADE also empties import_rows, which the statement does not name.
-- setup
create table import_batches (id bigint primary key);
create table import_rows (batch_id bigint references import_batches (id));
insert into import_batches values (1);
insert into import_rows values (1);
-- migration 20260101000001_ClearImports
truncate import_batches cascade;
