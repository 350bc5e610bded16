package dev.dbmigrate.cli.e2e.slow;

import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.Sql;
import org.jooq.DSLContext;

/** Runs far longer than the invocation it is given, so the function must stop it in time. */
public class M20260101000003_LongBackfill implements Migration {

  @Override
  public void up(DSLContext db) throws Exception {
    Sql.execute(
        db,
        """
        create table e2e_backfill (id int primary key, note text default 'it''s {0}?');
        insert into e2e_backfill (id) select g from generate_series(1, 10) g;
        select pg_sleep(120);
        """);
  }

  @Override
  public void down(DSLContext db) throws Exception {
    Sql.execute(db, "drop table e2e_backfill");
  }
}
