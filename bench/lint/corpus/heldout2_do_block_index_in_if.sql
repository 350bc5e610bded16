-- rule: PG001
-- expect: PG001
-- differs: PL/pgSQL runs the CREATE INDEX in the block's body as it is: it builds an index on orders under a SHARE lock.
do $$
begin
  if not exists (select 1 from pg_class where relname = 'orders_status') then
    create index orders_status on orders (status);
  end if;
end
$$;
