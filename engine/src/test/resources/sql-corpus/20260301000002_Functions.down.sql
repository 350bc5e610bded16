DROP RULE events_no_delete ON events;
DROP VIEW tagged_people;
DROP FUNCTION happy_count();
DROP FUNCTION describe(people);
DROP TRIGGER events_touch ON events;
DROP FUNCTION touch_updated_at();
