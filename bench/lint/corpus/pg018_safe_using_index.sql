-- rule: PG018
-- expect:
-- setup
create unique index concurrently accounts_email_idx on accounts (email);
-- migration 20260101000001_EmailKey
alter table accounts add constraint accounts_email_key unique using index accounts_email_idx;
