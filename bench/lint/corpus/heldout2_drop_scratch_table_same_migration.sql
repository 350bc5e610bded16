-- rule: PG010
-- expect:
-- differs: tmp_import is created and dropped by this migration; nothing else ever saw it; Squawk flags every DROP TABLE.
create table tmp_import (id bigint, payload jsonb);
insert into tmp_import values (1, '{"a": 1}');
insert into accounts (email) select payload->>'a' || '@example.com' from tmp_import;
drop table tmp_import;
