-- rule: PG034
-- expect:
-- differs: ADD COLUMN IF NOT EXISTS runs again without failing.
-- dbmigrate:no-transaction
alter table accounts add column if not exists locale text;
