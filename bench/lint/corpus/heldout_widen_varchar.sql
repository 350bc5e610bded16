-- rule: PG008, PG022
-- expect: PG022
-- differs: accounts.name is varchar(100) in the schema that already ran (_setup.sql), and raising a varchar limit rewrites nothing since PostgreSQL 9.2 (ALTER TABLE: no rewrite when the old type is binary coercible to the new one; the 9.2 release notes name a longer varchar limit); dbmigrate reads the old type from the SQL that ran, Squawk sees only this file and flags every type change.
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200);
