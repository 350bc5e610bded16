-- rule: PG009
-- expect: PG009
alter table accounts rename column name to display_name;
