-- rule: PG001
-- expect:
create function touch_updated_at() returns trigger language plpgsql as $$
begin
  -- a comment with ' and ? in it; create index x on orders (id);
  new.placed_at := now();
  return new;
end $$;
create trigger orders_touch before update on orders for each row execute function touch_updated_at();
