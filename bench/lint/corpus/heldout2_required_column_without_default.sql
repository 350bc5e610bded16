-- rule: PG020
-- expect: PG020
-- postgres: refuses: contains null values
-- differs: accounts has rows, so PostgreSQL refuses a NOT NULL column without a default.
alter table accounts add column country text not null;
