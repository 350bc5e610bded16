-- rule: PG004
-- expect: PG004
ALTER TABLE ONLY public.orders
  ADD CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;
