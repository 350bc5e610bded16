-- rule: PG007
-- expect:
-- differs: the DO block adds a nullable column with a constant default, stored in the catalog since PostgreSQL 11: no rewrite.
do $$
begin
  if not exists (select 1 from information_schema.columns
                 where table_name = 'orders' and column_name = 'channel') then
    alter table orders add column channel text default 'web';
  end if;
end
$$;
