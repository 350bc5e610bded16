-- rule: PG029, PG034
-- expect:
-- differs: Squawk asks for IF EXISTS, but DETACH PARTITION has no IF EXISTS form; a migration of this one statement either detaches or changes nothing.
-- dbmigrate:no-transaction
alter table events detach partition events_2025 concurrently;
