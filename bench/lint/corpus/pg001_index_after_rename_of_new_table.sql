-- rule: PG001
-- expect:
-- differs: drafts is created by this migration and renamed before it is indexed, so the index and the rename lock a table nobody uses yet; Squawk follows the creation but not the rename.
create table drafts (id bigint generated always as identity primary key, title text);
alter table drafts rename to articles;
create index articles_title on articles (title);
