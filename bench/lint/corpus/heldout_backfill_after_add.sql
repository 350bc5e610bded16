-- rule: PG037
-- expect: PG037
ALTER TABLE accounts ADD COLUMN score bigint;
UPDATE accounts SET score = 0;
