CREATE TABLE gadgets (id int PRIMARY KEY, attrs jsonb NOT NULL DEFAULT '{}');
COMMENT ON TABLE gadgets IS $$it's a table$$;
COPY gadgets (id, attrs) FROM stdin;
1	{"tag": true}
2	{}
\.
