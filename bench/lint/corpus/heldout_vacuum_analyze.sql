-- rule: PG013
-- expect:
-- dbmigrate:no-transaction
vacuum analyze orders;
