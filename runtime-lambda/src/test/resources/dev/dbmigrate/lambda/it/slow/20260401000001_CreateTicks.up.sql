CREATE TYPE tick_kind AS ENUM ('start', 'stop', 'it''s');
CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind tick_kind NOT NULL,
  note text NOT NULL DEFAULT '{}');
-- a comment with ? and ' in it
CREATE FUNCTION tick_note(k tick_kind) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF k = 'it''s' THEN
    RETURN '{"quoted": "it''s; {braces}"}';
  END IF;
  RETURN format('{%s}', k);
END
$$;
