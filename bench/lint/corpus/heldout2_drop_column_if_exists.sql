-- rule: PG010
-- expect: PG010
-- differs: IF EXISTS makes the drop rerunnable but running code that still uses legacy_code fails all the same.
alter table orders drop column if exists legacy_code;
