-- dbmigrate:no-transaction
CREATE INDEX CONCURRENTLY people_name ON people (name);
CREATE INDEX CONCURRENTLY people_attrs ON people USING gin (attrs);
CREATE INDEX CONCURRENTLY events_person ON events (person_id) WHERE payload ? 'q';
