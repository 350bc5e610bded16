-- rule: PG008
-- expect: PG008
-- differs: a different numeric scale changes every stored value's representation, so PostgreSQL rewrites invoices.
-- setup
create table invoices (id bigint generated always as identity primary key, amount numeric(10,2) not null default 0);
insert into invoices (amount) values (12.50);
-- migration 20260101000001_InvoiceAmountScale
alter table invoices alter column amount type numeric(14,4);
