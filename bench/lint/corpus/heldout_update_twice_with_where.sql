-- rule: PG023
-- expect: PG023
-- postgres: refuses: multiple assignments to same column "note"
UPDATE orders SET note = 'x', total_cents = total_cents + 1, note = 'y' WHERE id = 1;
