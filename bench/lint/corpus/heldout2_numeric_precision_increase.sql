-- rule: PG008
-- expect:
-- differs: invoices.amount is numeric(10,2) in the schema that already ran; more precision at the same scale rewrites nothing since PostgreSQL 9.2 (its release notes; ALTER TABLE documents no rewrite for such changes); Squawk sees only this file and flags every type change.
-- setup
create table invoices (id bigint generated always as identity primary key, amount numeric(10,2) not null default 0);
insert into invoices (amount) values (12.50);
-- migration 20260101000001_WiderInvoiceAmounts
alter table invoices alter column amount type numeric(14,2);
