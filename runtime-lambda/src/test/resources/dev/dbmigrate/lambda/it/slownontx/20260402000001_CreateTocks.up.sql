CREATE TABLE tocks (id int PRIMARY KEY, note text);
