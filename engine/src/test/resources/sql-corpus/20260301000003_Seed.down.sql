TRUNCATE events, people;
