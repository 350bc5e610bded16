-- rule: PG004, PG007, PG020
-- expect:
-- differs: a constant default is stored in the catalog since PostgreSQL 11, so the NOT NULL column is added without a rewrite, and a foreign key added NOT VALID checks no existing row.
alter table orders add column currency text not null default 'EUR';
alter table orders add constraint orders_account_fk foreign key (account_id) references accounts (id) not valid;
