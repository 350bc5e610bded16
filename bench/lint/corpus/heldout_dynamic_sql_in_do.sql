-- rule: PG001
-- expect: PG001
-- differs: PL/pgSQL's EXECUTE runs the constant string as a statement of its own, so this DO block builds an index on orders under a SHARE lock exactly as a plain CREATE INDEX would; Squawk does not read the body of a DO block.
do $$ begin execute 'create index orders_note_dyn on orders (note)'; end $$;
