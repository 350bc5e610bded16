-- rule: PG025
-- expect: PG025
-- differs: code that expects an email on every account breaks on the first null.
alter table accounts alter column email drop not null;
