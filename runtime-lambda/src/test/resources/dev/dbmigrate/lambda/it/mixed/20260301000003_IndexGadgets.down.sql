-- dbmigrate:no-transaction
DROP INDEX CONCURRENTLY gadgets_color;
DROP INDEX CONCURRENTLY gadgets_tagged;
