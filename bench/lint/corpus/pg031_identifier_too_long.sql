-- rule: PG031
-- expect: PG031
-- dbmigrate:no-transaction
create index concurrently if not exists orders_account_id_and_placed_at_for_the_monthly_statement_report
  on orders (account_id, placed_at);
