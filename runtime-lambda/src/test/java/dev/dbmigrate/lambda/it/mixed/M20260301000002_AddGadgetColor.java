package dev.dbmigrate.lambda.it.mixed;

import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.Sql;
import org.jooq.DSLContext;

public class M20260301000002_AddGadgetColor implements Migration {

  @Override
  public void up(DSLContext db) throws Exception {
    Sql.execute(db, "alter table gadgets add column color text default 'it''s {0}?'");
  }

  @Override
  public void down(DSLContext db) throws Exception {
    Sql.execute(db, "alter table gadgets drop column color");
  }
}
