-- rule: PG023
-- expect: PG023
-- postgres: refuses: multiple assignments to same column
-- differs: PostgreSQL refuses two assignments to note in one UPDATE.
update orders set note = 'x', total_cents = total_cents + 0, note = 'y' where id = 1;
