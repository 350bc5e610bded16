-- rule: PG001
-- expect: PG001
CREATE INDEX IF NOT EXISTS orders_note_hash ON public.orders USING hash (note);
