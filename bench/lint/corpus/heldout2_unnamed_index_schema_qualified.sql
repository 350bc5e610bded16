-- rule: PG001
-- expect: PG001
-- differs: an index without a name is built like a named one.
create index on public.orders (total_cents desc nulls last);
