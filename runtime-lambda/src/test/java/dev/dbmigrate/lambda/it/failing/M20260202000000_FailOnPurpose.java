package dev.dbmigrate.lambda.it.failing;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;

/** Creates a table, then fails: the whole migration must roll back. */
public class M20260202000000_FailOnPurpose implements Migration {

  @Override
  public void up(DSLContext db) {
    db.execute("create table half_done (id int)");
    db.execute("insert into gadgets (id) select 1 / 0");
  }

  @Override
  public void down(DSLContext db) {
    db.execute("drop table half_done");
  }
}
