-- rule: PG017, PG015
-- expect:
CREATE TABLE reporting.daily_totals (day date primary key, total numeric not null);
