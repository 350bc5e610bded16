-- rule: PG010
-- expect: PG010
-- differs: code that still reads order_archive fails once it is gone; IF EXISTS does not change that.
-- setup
create table order_archive (id bigint primary key, note text);
-- migration 20260101000001_DropOrderArchive
drop table if exists order_archive cascade;
