package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.spi.DatabaseAdapter;
import dev.dbmigrate.engine.spi.DbStatement;
import dev.dbmigrate.engine.spi.EngineTraits;
import dev.dbmigrate.engine.spi.FailureKind;
import dev.dbmigrate.engine.spi.HistoryWrite;
import dev.dbmigrate.engine.spi.ScriptFrame;
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.SQLDialect;

/**
 * PostgreSQL: a history table, and a session-level advisory lock keyed by the history table's name,
 * so two projects with different history tables in one database do not block each other.
 */
public final class PostgresAdapter implements DatabaseAdapter {

  private static final EngineTraits TRAITS =
      new EngineTraits(
          "PostgreSQL",
          SQLDialect.POSTGRES,
          SqlSyntax.POSTGRESQL,
          true,
          "SELECT pg_terminate_backend(%d)",
          "lock_timeout",
          "statement_timeout");

  /** First half of the advisory lock key: "dbmg" in ASCII, to stay clear of other users' keys. */
  private static final int LOCK_NAMESPACE = 0x64626D67;

  private static final String UNDEFINED_TABLE = "42P01";
  private static final String UNDEFINED_COLUMN = "42703";
  private static final String SET_TIMEOUTS =
      "select set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?)";

  /**
   * Inside a migration's transaction the same statement also takes the transaction's id, so the
   * history row's statement can tell whether the migration ended that transaction (a COMMIT or
   * ROLLBACK in its SQL) at no extra round trip. A migration writes, so the id is assigned anyway.
   */
  private static final String SET_LOCAL_TIMEOUTS = SET_TIMEOUTS + ", txid_current()";

  /** This session as {@code <pid>:<backend start epoch>}: a pid alone may be reused. */
  private static final String THIS_BACKEND =
      "(select pid || ':' || extract(epoch from backend_start) from pg_stat_activity"
          + " where pid = pg_backend_pid())";

  /** The history's applied_at as microseconds since the epoch, exact (extract gives numeric). */
  private static final String APPLIED_AT_MICROS =
      "(extract(epoch from applied_at) * 1000000)::bigint";

  private static final String RESET_TIMEOUTS = "reset lock_timeout; reset statement_timeout";

  /** Every {@link HistoryStatus}, as the check on the status column lists them. */
  private static final String STATUS_CHECK =
      "status in ("
          + java.util.Arrays.stream(HistoryStatus.values())
              .map(s -> "'" + s.dbValue() + "'")
              .collect(java.util.stream.Collectors.joining(", "))
          + ")";

  private final String schema;
  private final String qualified;
  private final int lockKey;

  public PostgresAdapter(String schema, String table) {
    this.schema = schema;
    this.qualified =
        quoteIdentifier("history schema", schema) + "." + quoteIdentifier("history table", table);
    // String.hashCode is specified by the language, so every version computes the same key.
    this.lockKey = qualified.hashCode();
  }

  @Override
  public EngineTraits traits() {
    return TRAITS;
  }

  @Override
  public String historyTable() {
    return qualified;
  }

  /**
   * One look at the catalog tells whether the schema, the table, a current status check and the
   * {@code backend} column exist, so a run on an existing, current table sends nothing more. A
   * table made by an older version, whose check allows fewer statuses or that has no {@code
   * backend} column, is brought up to date in place with one statement.
   */
  @Override
  public List<DbStatement> prepareHistory(Connection c) throws SQLException {
    if (c == null) {
      return createHistory(MigratorConfig.DEFAULT_SCHEMA.equals(schema));
    }
    boolean schemaExists;
    boolean tableExists;
    String statusCheck;
    boolean backendMissing;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select exists (select 1 from pg_namespace where nspname = ?), t.oid is not null,"
                + " (select conname from pg_constraint where conrelid = t.oid and contype = 'c'"
                + " and pg_get_constraintdef(oid) like '%status%'"
                + " and not pg_get_constraintdef(oid) like all (?) limit 1),"
                + " not exists (select 1 from pg_attribute where attrelid = t.oid"
                + " and attname = 'backend' and not attisdropped)"
                + " from (select to_regclass(?)::oid as oid) t")) {
      ps.setString(1, schema);
      ps.setArray(
          2,
          c.createArrayOf(
              "text",
              java.util.Arrays.stream(HistoryStatus.values())
                  .map(st -> "%'" + st.dbValue() + "'%")
                  .toArray()));
      ps.setString(3, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        schemaExists = rs.getBoolean(1);
        tableExists = rs.getBoolean(2);
        statusCheck = rs.getString(3);
        backendMissing = rs.getBoolean(4);
      }
    }
    if (!tableExists) {
      // CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database, so ask first.
      return createHistory(schemaExists);
    }
    if (statusCheck == null && !backendMissing) {
      return List.of();
    }
    List<String> changes = new ArrayList<>(2);
    if (statusCheck != null) {
      changes.add(
          "drop constraint \""
              + statusCheck.replace("\"", "\"\"")
              + "\", add check ("
              + STATUS_CHECK
              + ")");
    }
    if (backendMissing) {
      changes.add("add column if not exists backend text");
    }
    return List.of(DbStatement.of("alter table " + qualified + " " + String.join(", ", changes)));
  }

  private List<DbStatement> createHistory(boolean schemaExists) {
    DbStatement table = DbStatement.of(createTableSql());
    return schemaExists
        ? List.of(table)
        : List.of(DbStatement.of("create schema \"" + schema + '"'), table);
  }

  private String createTableSql() {
    return "create table if not exists "
        + qualified
        + " ("
        + " name text primary key,"
        + " batch integer not null,"
        + " applied_at timestamptz not null default now(),"
        + " execution_ms bigint not null,"
        + " applied_by text not null,"
        + " checksum text not null,"
        + " status text not null default 'applied' check ("
        + STATUS_CHECK
        + "),"
        + " backend text)";
  }

  @Override
  public List<AppliedMigration> readHistory(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try {
      return HistoryRows.read(c, qualified, "backend", APPLIED_AT_MICROS);
    } catch (SQLException e) {
      // Reading first and asking later saves a round trip on every run after the first.
      if (UNDEFINED_TABLE.equals(e.getSQLState()) && autoCommit) {
        return List.of();
      }
      // A table of an older version has no backend column until a run that changes the schema
      // adds it; status and dry runs, which only read, read such a table without it.
      if (UNDEFINED_COLUMN.equals(e.getSQLState()) && autoCommit) {
        return HistoryRows.read(c, qualified, "null", APPLIED_AT_MICROS);
      }
      throw e;
    }
  }

  @Override
  public DbStatement write(HistoryWrite change) {
    if (change instanceof HistoryWrite.Insert i) {
      AppliedMigration row = i.row();
      DbStatement insert =
          DbStatement.of(
              "insert into "
                  + qualified
                  + " (name, batch, execution_ms, applied_by, checksum, status)"
                  + " values (?, ?, ?, ?, ?, ?)"
                  + (i.inTransaction() ? RETURNING_TRANSACTION : ""),
              row.name(),
              row.batch(),
              DbStatement.MEASURED,
              row.appliedBy(),
              row.checksum(),
              row.status().dbValue());
      return i.inTransaction() ? insert.returningTransaction() : insert;
    } else if (change instanceof HistoryWrite.Recorded r) {
      AppliedMigration row = r.row();
      return DbStatement.of(
          "insert into "
              + qualified
              + " (name, batch, applied_at, execution_ms, applied_by, checksum, status)"
              + " values (?, ?, coalesce(?::timestamptz, now()), ?, ?, ?, ?)",
          row.name(),
          row.batch(),
          row.appliedAt() == null ? null : row.appliedAt().toString(),
          row.executionMillis(),
          row.appliedBy(),
          row.checksum(),
          row.status().dbValue());
    } else if (change instanceof HistoryWrite.Delete d) {
      DbStatement delete =
          DbStatement.of(
              "delete from "
                  + qualified
                  + " where name = ?"
                  + (d.inTransaction() ? RETURNING_TRANSACTION : ""),
              d.name());
      return d.inTransaction() ? delete.returningTransaction() : delete;
    } else if (change instanceof HistoryWrite.MarkRunning m) {
      // Before an up the row is new; before a down it exists and keeps its batch and time.
      return DbStatement.of(
          "insert into "
              + qualified
              + " (name, batch, execution_ms, applied_by, checksum, status, backend)"
              + " values (?, ?, 0, ?, ?, 'running', "
              + THIS_BACKEND
              + ") on conflict (name) do update set status = 'running', backend ="
              + " excluded.backend",
          m.row().name(),
          m.row().batch(),
          m.row().appliedBy(),
          m.row().checksum());
    } else if (change instanceof HistoryWrite.Finish f) {
      return HistoryRows.finish(qualified, f);
    } else if (change instanceof HistoryWrite.UpdateChecksum u) {
      return HistoryRows.updateChecksum(qualified, u);
    } else if (change instanceof HistoryWrite.MarkApplied m) {
      return HistoryRows.markApplied(qualified, m);
    }
    throw new IllegalArgumentException("unknown history change " + change);
  }

  private static final String RETURNING_TRANSACTION = " returning txid_current()";

  /** What the check of {@link #writeAndCommit} fails with, inside PostgreSQL's own message. */
  private static final String OTHER_TRANSACTION =
      "dbmigrate: not the transaction opened for the migration";

  /**
   * The check fails by casting its text to an integer: plain SQL has no statement that raises an
   * error, and a cast of a CASE on txid_current() is evaluated when it runs, not when planned. The
   * three statements go in one round trip; once the check fails the server skips the rest up to the
   * driver's Sync, so neither the change nor the COMMIT runs.
   */
  /**
   * The history change that ends a transactional migration, as the plain write a closing sends
   * before its COMMIT (the closing does the transaction check); empty for any other change.
   */
  private Optional<DbStatement> closingWrite(HistoryWrite change) {
    if (change instanceof HistoryWrite.Insert i && i.inTransaction()) {
      return Optional.of(write(new HistoryWrite.Insert(i.row(), false)));
    } else if (change instanceof HistoryWrite.Delete d && d.inTransaction()) {
      return Optional.of(write(new HistoryWrite.Delete(d.name(), false)));
    }
    return Optional.empty();
  }

  @Override
  public Optional<DbStatement> writeAndCommit(HistoryWrite change, long transaction) {
    Optional<DbStatement> closingWrite = closingWrite(change);
    if (closingWrite.isEmpty()) {
      return Optional.empty();
    }
    DbStatement write = closingWrite.get();
    List<Object> params = new ArrayList<>(write.params().size() + 1);
    params.add(transaction);
    params.addAll(write.params());
    return Optional.of(
        new DbStatement(
            "select cast(case when txid_current() = ? then '1' else '"
                + OTHER_TRANSACTION
                + "' end as int); "
                + write.sql()
                + "; commit",
            params,
            DbStatement.Returns.NOTHING));
  }

  @Override
  public boolean endedTransaction(SQLException e) {
    return "22P02".equals(e.getSQLState())
        && e.getMessage() != null
        && e.getMessage().contains(OTHER_TRANSACTION);
  }

  /** What the opening of a {@link #scriptFrame} fails with when the run lock is gone. */
  private static final String LOCK_GONE = "dbmigrate: the run no longer holds its lock";

  /**
   * The transaction the opening ran in, kept in a transaction-local setting: the closing travels in
   * the same text as the migration's statements, before the client could learn the id. A COMMIT or
   * ROLLBACK in between resets the setting, so the closing's check fails then as it does when the
   * id differs.
   */
  private static final String TRANSACTION_SETTING = "dbmigrate.transaction";

  /** The execution time the server measures: from the start of the migration's transaction. */
  private static final String SERVER_MEASURED =
      "(extract(epoch from clock_timestamp() - now()) * 1000)::bigint";

  @Override
  public Optional<ScriptFrame> scriptFrame(
      Duration lock, Duration statement, long lockSession, HistoryWrite change) {
    Optional<DbStatement> closingWrite = closingWrite(change);
    if (closingWrite.isEmpty()) {
      return Optional.empty();
    }
    DbStatement write = closingWrite.get();
    String opening =
        literalTimeouts(lock, statement)
            + ", cast(case when "
            + holdsLock(lockSession)
            + " then '1' else '"
            + LOCK_GONE
            + "' end as int)";
    String check =
        "select cast(case when txid_current()::text = current_setting('"
            + TRANSACTION_SETTING
            + "', true) then '1' else '"
            + OTHER_TRANSACTION
            + "' end as int)";
    return Optional.of(
        new ScriptFrame(List.of(opening), List.of(check, literally(write), "commit")));
  }

  @Override
  public Optional<List<String>> openingAfterCommit(
      Duration lock, Duration statement, long lockSession) {
    return Optional.of(List.of("begin", timeoutsHoldingLock(lock, statement, lockSession)));
  }

  /**
   * The statement of {@link #setTimeoutsHoldingLock} and {@link #openingAfterCommit}: the
   * transaction's timeouts and its id, 0 for the id when session {@code lockSession} no longer
   * holds the run lock.
   */
  private String timeoutsHoldingLock(Duration lock, Duration statement, long lockSession) {
    return literalTimeouts(lock, statement)
        + ", case when "
        + holdsLock(lockSession)
        + " then txid_current() else 0 end";
  }

  /**
   * The select list that sets a transaction's timeouts and keeps its id in {@link
   * #TRANSACTION_SETTING}, literally.
   */
  private static String literalTimeouts(Duration lock, Duration statement) {
    return "select set_config('lock_timeout', '"
        + lock.toMillis()
        + "ms', true), set_config('statement_timeout', '"
        + statement.toMillis()
        + "ms', true), set_config('"
        + TRANSACTION_SETTING
        + "', txid_current()::text, true)";
  }

  /** Whether session {@code lockSession} holds the run lock, as a literal condition. */
  private String holdsLock(long lockSession) {
    return "exists (select 1 from pg_locks where locktype = 'advisory' and granted"
        + " and objsubid = 2 and classid::bigint = "
        + Integer.toUnsignedLong(LOCK_NAMESPACE)
        + " and objid::bigint = "
        + Integer.toUnsignedLong(lockKey)
        + " and pid = "
        + lockSession
        + ")";
  }

  /**
   * {@code s} with its values written in: strings as escape strings, which read the same whatever
   * standard_conforming_strings says, and the execution time as the server's measure.
   */
  private static String literally(DbStatement s) {
    StringBuilder sql = new StringBuilder(s.sql().length() + 128);
    int next = 0;
    String text = s.sql();
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch != '?' || next >= s.params().size()) {
        sql.append(ch);
        continue;
      }
      Object value = s.params().get(next++);
      if (value == DbStatement.MEASURED) {
        sql.append(SERVER_MEASURED);
      } else if (value == null) {
        sql.append("null");
      } else if (value instanceof Number n) {
        sql.append(n.longValue());
      } else {
        sql.append("E'")
            .append(value.toString().replace("\\", "\\\\").replace("'", "''"))
            .append('\'');
      }
    }
    return sql.toString();
  }

  @Override
  public boolean lockLost(SQLException e) {
    return "22P02".equals(e.getSQLState())
        && e.getMessage() != null
        && e.getMessage().contains(LOCK_GONE);
  }

  @Override
  public boolean sessionAlive(Connection c, AppliedMigration running) throws SQLException {
    int pid = running.backendPid();
    if (pid == 0) {
      return false;
    }
    // Without the privilege to see another role's sessions backend_start reads as null; the pid
    // alone then decides, erring on the side of waiting.
    try (PreparedStatement ps =
        c.prepareStatement(
            "select exists (select 1 from pg_stat_activity where pid = ? and (backend_start is null"
                + " or pid || ':' || extract(epoch from backend_start) = ?))")) {
      ps.setInt(1, pid);
      ps.setString(2, running.backend());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public boolean tryLock(Connection c) throws SQLException {
    return lockCall(c, "select pg_try_advisory_lock(?, ?)");
  }

  @Override
  public void unlock(Connection c) throws SQLException {
    lockCall(c, "select pg_advisory_unlock(?, ?)");
  }

  private boolean lockCall(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, LOCK_NAMESPACE);
      ps.setInt(2, lockKey);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public Optional<LockHolder> lockHolder(Connection c) throws SQLException {
    // pg_locks shows the two-key form as classid/objid (unsigned oids) with objsubid 2.
    try (PreparedStatement ps =
        c.prepareStatement(
            "select l.pid, a.application_name, coalesce(host(a.client_addr), ''), a.backend_start"
                + " from pg_locks l left join pg_stat_activity a on a.pid = l.pid"
                + " where l.locktype = 'advisory' and l.granted and l.objsubid = 2"
                + " and l.classid::bigint = ? and l.objid::bigint = ?"
                + " and l.database = (select oid from pg_database where datname = current_database())")) {
      ps.setLong(1, Integer.toUnsignedLong(LOCK_NAMESPACE));
      ps.setLong(2, Integer.toUnsignedLong(lockKey));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp since = rs.getTimestamp(4);
        return Optional.of(
            new LockHolder(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                since == null ? null : since.toInstant()));
      }
    }
  }

  @Override
  public DbStatement setTimeouts(Duration lock, Duration statement, boolean local) {
    DbStatement set =
        DbStatement.of(
            local ? SET_LOCAL_TIMEOUTS : SET_TIMEOUTS,
            lock.toMillis() + "ms",
            local,
            statement.toMillis() + "ms",
            local);
    return local ? set.returningTransaction() : set;
  }

  /**
   * The lock is the session's advisory lock, so it is in pg_locks, granted, for as long as the
   * session that took it lives; once that session ends (its connection closed, the backend
   * terminated) the row is gone, and the statement returns 0 instead of the transaction id.
   */
  @Override
  public Optional<DbStatement> setTimeoutsHoldingLock(
      Duration lock, Duration statement, long lockSession) {
    return Optional.of(
        DbStatement.of(timeoutsHoldingLock(lock, statement, lockSession)).returningTransaction());
  }

  @Override
  public DbStatement resetTimeouts() {
    return DbStatement.of(RESET_TIMEOUTS);
  }

  @Override
  public FailureKind classify(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return FailureKind.OTHER;
    }
    return switch (state) {
      case "55P03" -> FailureKind.LOCK_TIMEOUT; // lock_not_available: lock_timeout expired
      case "57014" -> FailureKind.STATEMENT_TIMEOUT; // query_canceled: statement_timeout
      case "57P01", "57P02", "57P03" -> FailureKind.CONNECTION_LOST; // shutdown, crash
      default -> state.startsWith("08") ? FailureKind.CONNECTION_LOST : FailureKind.OTHER;
    };
  }

  @Override
  public String quote(String what, String identifier) {
    return quoteIdentifier(what, identifier);
  }

  /**
   * PostgreSQL truncates names beyond 63 bytes (NAMEDATALEN - 1), which would silently make two
   * history tables one; a plain name needs no case folding to mean what it says.
   */
  static String quoteIdentifier(String what, String identifier) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          what
              + " '"
              + identifier
              + "' is not a plain SQL identifier (letters, digits, underscore, not starting with a"
              + " digit; at most 63 characters in PostgreSQL)");
    }
    return '"' + identifier + '"';
  }

  private static final java.util.regex.Pattern IDENTIFIER =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  @Override
  public long sessionId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public Optional<String> describeLockWait(Connection observer, long pid) throws SQLException {
    try (PreparedStatement ps =
        observer.prepareStatement(
            "select l.mode, coalesce('table ' || c.relname, l.locktype), b.pid,"
                + " b.application_name, b.state, b.xact_start"
                + " from pg_locks l left join pg_class c on c.oid = l.relation"
                + " left join lateral unnest(pg_blocking_pids(l.pid)) as blocker(pid) on true"
                + " left join pg_stat_activity b on b.pid = blocker.pid"
                + " where l.pid = ? and not l.granted limit 1")) {
      ps.setLong(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        StringBuilder s =
            new StringBuilder("waiting for ")
                .append(rs.getString(1))
                .append(" on ")
                .append(rs.getString(2));
        int blocker = rs.getInt(3);
        if (!rs.wasNull()) {
          s.append(", held by pid ").append(blocker);
          String app = rs.getString(4);
          if (app != null && !app.isEmpty()) {
            s.append(" (application '").append(app).append("')");
          }
          String state = rs.getString(5);
          if (state != null) {
            s.append(", ").append(state);
          }
          Timestamp xact = rs.getTimestamp(6);
          if (xact != null) {
            s.append(", in a transaction since ").append(xact.toInstant());
          }
        }
        return Optional.of(s.toString());
      }
    }
  }
}
