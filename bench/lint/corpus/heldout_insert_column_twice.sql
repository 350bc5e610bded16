-- rule: PG023
-- expect: PG023
-- postgres: refuses: column "email" specified more than once
INSERT INTO accounts (email, email) VALUES ('c@example.com', 'd@example.com');
