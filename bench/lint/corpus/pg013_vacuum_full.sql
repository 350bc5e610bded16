-- rule: PG013
-- expect: PG013
-- dbmigrate:no-transaction
vacuum (full, analyze) orders;
