DROP FUNCTION tick_note(tick_kind);
DROP TABLE ticks;
DROP TYPE tick_kind;
