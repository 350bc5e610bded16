-- rule: PG009
-- expect: PG009
ALTER TABLE orders RENAME COLUMN note TO remark;
