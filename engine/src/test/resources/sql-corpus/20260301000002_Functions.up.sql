-- A plpgsql trigger function whose body has a lone quote, a ? and {0}.
CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- it's {0}; is this a bind variable? no.
  NEW.updated_at := now();
  RAISE DEBUG 'touched {0} ?';
  RETURN NEW;
END;
$$;

CREATE TRIGGER events_touch BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A tagged dollar quote that holds $$ itself.
CREATE FUNCTION describe(p people) RETURNS text
LANGUAGE plpgsql STABLE AS $body$
DECLARE
  result text := $$it's $$ || p.name;
BEGIN
  IF p.attrs ? 'nick' THEN
    result := result || E' a.k.a. ' || (p.attrs ->> 'nick');
  END IF;
  RETURN result;
END
$body$;

-- A standard-SQL body with semicolons inside BEGIN ATOMIC ... END.
CREATE FUNCTION happy_count() RETURNS bigint
LANGUAGE sql
BEGIN ATOMIC
  SELECT count(*) FROM people WHERE current_mood = 'happy';
END;

-- jsonb operators that are question marks.
CREATE VIEW tagged_people AS
  SELECT id, name FROM people WHERE attrs ? 'tag' OR attrs ?| array['a', 'b'] OR attrs ?& array['c'];

CREATE RULE events_no_delete AS ON DELETE TO events DO INSTEAD NOTHING;

COMMENT ON FUNCTION describe(people) IS 'says who; it''s {0} ?'
