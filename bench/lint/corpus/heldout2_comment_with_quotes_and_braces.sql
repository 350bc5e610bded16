-- rule: PG010, PG009
-- expect:
-- differs: COMMENT ON changes the catalog only; the words in the comment's string are not statements.
comment on column orders.note is 'what''s this? {"drop": "column"}; rename it? no';
comment on table accounts is $c$Accounts; don't rename$c$;
