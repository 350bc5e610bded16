-- rule: PG001, PG010
-- expect:
-- differs: the words create index and drop table stand only inside a function body and a string literal; creating a function and a trigger locks nothing anyone waits on for long.
create or replace function orders_note_default() returns trigger
language plpgsql as $fn$
begin
  -- it's a default; {braces} and ; do not end anything here
  new.note := coalesce(new.note, '{"source": "web; drop table orders"}');
  if new.note = 'create index x on orders (note)' then
    raise notice 'odd note {%} isn''t allowed', new.id;
  end if;
  return new;
end
$fn$;
create trigger orders_note_default before insert on orders
  for each row execute function orders_note_default();
