-- rule: PG001, PG034
-- expect:
-- dbmigrate:no-transaction
create unique index concurrently if not exists accounts_email_uniq on accounts (email);
