package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.Direction;
import dev.dbmigrate.engine.Migration;
import dev.dbmigrate.engine.MigrationException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
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
   * @param templated how many queries went through jOOQ's plain-SQL templating ({@code
   *     db.execute(String)}), counting one that failed to render
   */
  public record Captured(List<String> statements, String failure, int templated) {}

  private final List<String> statements = new ArrayList<>();
  private final int[] templated = {0};

  private StatementCapture() {}

  /** As {@link #run(Migration, Direction, SQLDialect)} in PostgreSQL's dialect, the linter's. */
  public static Captured run(Migration migration, Direction direction) {
    return run(migration, direction, SQLDialect.POSTGRES);
  }

  /** Runs {@code migration} with jOOQ rendering in {@code dialect}, the target's. */
  public static Captured run(Migration migration, Direction direction, SQLDialect dialect) {
    StatementCapture capture = new StatementCapture();
    DefaultConfiguration configuration = new DefaultConfiguration();
    configuration.set(new MockConnection(capture));
    configuration.set(dialect);
    configuration.set(MigrationExecutor.jooqSettings());
    configuration.set(new TemplateCounter(capture.templated));
    String failure = null;
    try {
      MigrationExecutor.invoke(migration, direction, DSL.using(configuration));
    } catch (MigrationException e) {
      throw e;
    } catch (Exception | LinkageError e) {
      failure =
          SqlErrors.oneLine(
              e instanceof Exception x ? PlainSqlTemplating.describe(x) : String.valueOf(e));
    }
    return new Captured(List.copyOf(capture.statements), failure, capture.templated[0]);
  }

  /**
   * Counts plain-SQL queries. jOOQ calls {@code start} before it renders, so a template that fails
   * to render counts too. jOOQ's plain-SQL query class is not public; it is told by its name.
   */
  private static final class TemplateCounter implements ExecuteListener {
    private static final long serialVersionUID = 1L;
    private final transient int[] count;

    TemplateCounter(int[] count) {
      this.count = count;
    }

    @Override
    public void start(ExecuteContext ctx) {
      if (ctx.query() != null
          && ctx.query().getClass().getName().equals("org.jooq.impl.SQLQuery")) {
        count[0]++;
      }
    }
  }

  @Override
  public MockResult[] execute(MockExecuteContext ctx) {
    String[] sql = ctx.batch() ? ctx.batchSQL() : new String[] {ctx.sql()};
    MockResult[] results = new MockResult[sql.length];
    for (int i = 0; i < sql.length; i++) {
      statements.add(sql[i]);
      results[i] = new MockResult(0, DSL.using(SQLDialect.DEFAULT).newResult());
    }
    return results;
  }
}
