-- rule: PG007, PG020
-- expect:
-- differs: a nullable column without a default is a catalog change only; the comments hold ? and ' that are no parameters and no strings.
-- Why? Because the team's referral report needs it; don't drop it
/* it's a "note" -- with a ? inside */
alter table accounts add column referral_code text; -- unique later? maybe
