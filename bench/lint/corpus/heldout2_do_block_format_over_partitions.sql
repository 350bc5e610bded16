-- rule: PG001
-- expect: PG001
-- differs: the block runs CREATE INDEX without CONCURRENTLY on each partition of events, SHARE-locking it while it builds; the template format() is given is constant, so the statement's kind is known even though the table comes from a query. Squawk does not read the body of a DO block.
do $$
declare
  part text;
begin
  for part in select inhrelid::regclass::text from pg_inherits where inhparent = 'events'::regclass loop
    execute format('create index if not exists %I on %I (occurred_at)', part || '_occurred_at', part);
  end loop;
end
$$;
