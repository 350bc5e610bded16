-- rule: PG006
-- expect: PG006
-- differs: SET NOT NULL scans orders under an ACCESS EXCLUSIVE lock; no validated CHECK (note IS NOT NULL) exists to skip the scan.
update orders set note = '' where note is null;
alter table orders alter column note set not null;
