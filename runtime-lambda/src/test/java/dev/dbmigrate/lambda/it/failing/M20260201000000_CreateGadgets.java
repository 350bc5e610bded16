package dev.dbmigrate.lambda.it.failing;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;

public class M20260201000000_CreateGadgets implements Migration {

  @Override
  public void up(DSLContext db) {
    db.execute("create table gadgets (id bigint primary key)");
  }

  @Override
  public void down(DSLContext db) {
    db.execute("drop table gadgets");
  }
}
