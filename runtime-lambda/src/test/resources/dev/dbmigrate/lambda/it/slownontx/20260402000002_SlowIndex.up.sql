-- dbmigrate:no-transaction
CREATE INDEX CONCURRENTLY tocks_note ON tocks (note);
SELECT pg_sleep(120);
