-- rule: PG001
-- expect: PG001
-- differs: "orders" quoted is the table orders: the index is built under a SHARE lock on it.
CREATE INDEX "Orders_Note_Idx" ON "public"."orders" USING btree ("note");
