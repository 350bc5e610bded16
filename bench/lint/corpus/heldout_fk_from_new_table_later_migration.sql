-- rule: PG004
-- expect:
-- differs: reviews is created by the first migration of the same pending set, so validating the key scans an empty table; Squawk lints each file alone.
-- migration 20260101000001_CreateReviews
create table reviews (id bigint generated always as identity primary key, account_id bigint not null, body text);
-- migration 20260101000002_ReviewsAccountFk
alter table reviews add constraint reviews_account_fk foreign key (account_id) references accounts (id);
