-- rule: PG021
-- expect: PG021
-- differs: char(2) pads with blanks.
alter table accounts add column country_code char(2);
