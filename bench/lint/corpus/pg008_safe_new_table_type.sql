-- rule: PG008
-- expect:
-- differs: the table is created by the same migration, so the rewrite touches an empty table nobody uses yet; Squawk flags it anyway.
create table notes (id bigint generated always as identity primary key, score real);
alter table notes alter column score type double precision;
