CREATE INDEX ticks_kind ON ticks (kind) WHERE kind <> 'stop';
