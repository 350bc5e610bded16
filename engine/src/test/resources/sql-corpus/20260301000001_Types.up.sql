-- Types and tables. A comment with a lone ' quote and a ? mark, and {0} too.
/* A block comment /* nested inside */ with ; and ' in it */
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

CREATE TABLE people (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  current_mood mood NOT NULL DEFAULT 'ok',
  attrs jsonb NOT NULL DEFAULT '{}',
  note text DEFAULT E'line one\nit\'s line two; still the same string',
  "We;ird ""name""" integer
);

COMMENT ON TABLE people IS $$it's a table$$;
COMMENT ON COLUMN people.name IS 'col ? one';
COMMENT ON COLUMN people.attrs IS 'keys like {0} and {1}; nothing is templated';

CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES people (id),
  payload jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)
