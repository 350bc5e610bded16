-- rule: PG028, PG034
-- expect:
-- differs: REINDEX TABLE CONCURRENTLY outside a transaction rebuilds without blocking writes and can simply run again.
-- dbmigrate:no-transaction
reindex table concurrently orders;
