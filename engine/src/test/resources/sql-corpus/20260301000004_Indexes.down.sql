-- dbmigrate:no-transaction
DROP INDEX CONCURRENTLY events_person;
DROP INDEX CONCURRENTLY people_attrs;
DROP INDEX CONCURRENTLY people_name;
