package dev.dbmigrate.cli.e2e.failing;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;

/** Fails in the database, so the invocation must fail and invoke must exit non-zero. */
public class M20260101000002_BreakThings implements Migration {

  @Override
  public void up(DSLContext db) {
    db.execute("alter table e2e_no_such_table add column x int");
  }

  @Override
  public void down(DSLContext db) {}
}
