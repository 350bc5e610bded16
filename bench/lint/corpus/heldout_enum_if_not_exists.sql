-- rule: PG030
-- expect: PG030
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'cancelled';
