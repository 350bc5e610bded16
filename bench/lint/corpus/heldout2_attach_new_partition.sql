-- rule: PG001, PG029
-- expect:
-- differs: the partition is created by this migration and empty; ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on events (PostgreSQL 12+) and scans only the new, empty partition.
create table events_2027 (like events including defaults);
alter table events attach partition events_2027 for values from ('2027-01-01') to ('2028-01-01');
