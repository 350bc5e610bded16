-- Rows as pg_dump writes them.
COPY people (name, current_mood, attrs, note) FROM stdin;
Ada	happy	{"nick": "ada", "tag": 1}	it's; fine
Bob	sad	{}	\N
Cy	ok	{"a": 2}	tab\there \\ backslash
\.

INSERT INTO events (person_id, payload) SELECT id, jsonb_build_object('q', '?') FROM people;
