-- rule: PG026
-- expect:
create domain short_text as text;
