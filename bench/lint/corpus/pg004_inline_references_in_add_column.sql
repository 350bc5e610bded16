-- rule: PG004
-- expect: PG004
-- Each order may now name the account that referred it.
alter table orders add column referrer_id bigint references accounts (id);
