-- rule: PG009
-- expect: PG009
-- differs: running code that writes 'shipped' fails once the value is renamed; Squawk has no rule for ALTER TYPE ... RENAME VALUE.
alter type order_status rename value 'shipped' to 'sent';
