-- rule: PG028
-- expect: PG028
REINDEX TABLE orders;
