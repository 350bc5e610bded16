-- rule: PG008, PG022
-- expect: PG022
-- known: +PG008: varchar(100) to varchar(200) rewrites nothing, but offline the linter does not know the old type, so it warns on every change to a bounded type.
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200);
