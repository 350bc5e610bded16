-- rule: PG009
-- expect: PG009
-- differs: every query that names reporting.* fails after the rename; Squawk has no rule for ALTER SCHEMA ... RENAME.
alter schema reporting rename to analytics;
