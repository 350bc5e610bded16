package dev.dbmigrate.lambda.it.ok;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;

public class M20260102000000_AddWidgetColor implements Migration {

  @Override
  public void up(DSLContext db) {
    db.execute("alter table widgets add column color text");
  }

  @Override
  public void down(DSLContext db) {
    db.execute("alter table widgets drop column color");
  }
}
