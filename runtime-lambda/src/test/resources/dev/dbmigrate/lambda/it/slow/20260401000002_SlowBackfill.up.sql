-- Rows first, then a statement far longer than the invocation: none of it may stay.
INSERT INTO ticks (kind, note) SELECT 'start', tick_note('start') FROM generate_series(1, 100);
SELECT pg_sleep(120);
UPDATE ticks SET note = tick_note('it''s');
