-- rule: PG001
-- expect: PG001
-- known: -PG001: the block builds its statements with format() from a query at run time, so the linter cannot read them; it lists the block as a statement it could not check.
do $$
declare
  part text;
begin
  for part in select inhrelid::regclass::text from pg_inherits where inhparent = 'events'::regclass loop
    execute format('create index if not exists %I on %I (occurred_at)', part || '_occurred_at', part);
  end loop;
end
$$;
