DROP TABLE events;
DROP TABLE people;
DROP TYPE mood;
