-- rule: PG013
-- expect:
-- dbmigrate:no-transaction
vacuum (full false, analyze) orders;
