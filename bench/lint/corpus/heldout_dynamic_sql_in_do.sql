-- rule: PG001
-- expect: PG001
-- known: -PG001: the linter does not read the body of a DO block; it lists the block as a statement it could not check.
do $$ begin execute 'create index orders_note_dyn on orders (note)'; end $$;
