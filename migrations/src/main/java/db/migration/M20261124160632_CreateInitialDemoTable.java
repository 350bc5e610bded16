package db.migration;

import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import dev.dbmigrate.engine.Migration;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The example migration: a table with an identity primary key. */
public class M20261124160632_CreateInitialDemoTable implements Migration {

  @Override
  public void up(DSLContext db) {
    db.createTable("demo_table")
        .column("id", BIGINT.identity(true))
        .column("name", VARCHAR(200).notNull())
        .column(
            "created_at", TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()))
        .primaryKey("id")
        .execute();
  }

  @Override
  public void down(DSLContext db) {
    db.dropTable("demo_table").execute();
  }
}
