package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockDataProvider;
import org.jooq.tools.jdbc.MockExecuteContext;
import org.jooq.tools.jdbc.MockResult;

/**
 * Runs a migration's up or down against jOOQ's mock connection, which records every SQL string and
 * answers each with no rows; nothing reaches a database. DSL and plain SQL both arrive here as the
 * text a real run sends, since the DSL renders with {@link MigrationExecutor#jooqSettings()}, so
 * the dry run and the linter look at the same SQL a run executes.
 */
public final class StatementCapture implements MockDataProvider {

  /**
   * What a migration sent.
   *
   * @param statements every SQL string, in order (one string may hold several statements)
   * @param failure why up or down threw, or null when it returned
   */
  public record Captured(List<String> statements, String failure) {}

  private final List<String> statements = new ArrayList<>();

  private StatementCapture() {}

  public static Captured run(Migration migration, Direction direction) {
    StatementCapture capture = new StatementCapture();
    DefaultConfiguration configuration = new DefaultConfiguration();
    configuration.set(new MockConnection(capture));
    configuration.set(SQLDialect.POSTGRES);
    configuration.set(MigrationExecutor.jooqSettings());
    String failure = null;
    try {
      MigrationExecutor.invoke(migration, direction, DSL.using(configuration));
    } catch (MigrationException e) {
      throw e;
    } catch (Exception | LinkageError e) {
      failure = SqlErrors.oneLine(String.valueOf(e));
    }
    return new Captured(List.copyOf(capture.statements), failure);
  }

  @Override
  public MockResult[] execute(MockExecuteContext ctx) {
    String[] sql = ctx.batch() ? ctx.batchSQL() : new String[] {ctx.sql()};
    MockResult[] results = new MockResult[sql.length];
    for (int i = 0; i < sql.length; i++) {
      statements.add(sql[i]);
      results[i] = new MockResult(0, DSL.using(SQLDialect.POSTGRES).newResult());
    }
    return results;
  }
}
