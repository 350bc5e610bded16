-- rule: PG018, PG001, PG034
-- expect:
-- differs: the unique index is built CONCURRENTLY IF NOT EXISTS in a migration of its own without a transaction, and ADD CONSTRAINT ... UNIQUE USING INDEX then only attaches it: no table is scanned under a lock.
-- migration 20260101000001_AccountsEmailIndex
-- dbmigrate:no-transaction
create unique index concurrently if not exists accounts_email_uniq on accounts (email);
-- migration 20260101000002_AccountsEmailKey
alter table accounts add constraint accounts_email_key unique using index accounts_email_uniq;
