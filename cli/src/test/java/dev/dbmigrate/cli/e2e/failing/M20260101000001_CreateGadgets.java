package dev.dbmigrate.cli.e2e.failing;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;

/** Applies cleanly; the end-to-end test expects it to run before the failing one. */
public class M20260101000001_CreateGadgets implements Migration {

  @Override
  public void up(DSLContext db) {
    db.execute("create table e2e_gadgets (id int)");
  }

  @Override
  public void down(DSLContext db) {
    db.execute("drop table e2e_gadgets");
  }
}
