package dev.dbmigrate.lambda.it.ok;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;

public class M20260101000000_CreateWidgets implements Migration {

  @Override
  public void up(DSLContext db) {
    db.execute("create table widgets (id bigint primary key, name text not null)");
  }

  @Override
  public void down(DSLContext db) {
    db.execute("drop table widgets");
  }
}
