-- dbmigrate:no-transaction
CREATE INDEX CONCURRENTLY gadgets_tagged ON gadgets (id) WHERE attrs ? 'tag';
CREATE INDEX CONCURRENTLY gadgets_color ON gadgets (color);
