-- rule: PG006
-- expect:
-- differs: tags is created by the same migration, so the scan is of an empty table nobody uses yet.
create table tags (id bigint generated always as identity primary key, label text);
alter table tags alter column label set not null;
