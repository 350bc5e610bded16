-- rule: PG009
-- expect: PG009
-- differs: running code that reads or writes orders.note fails once the column is renamed.
alter table orders rename column note to customer_note;
