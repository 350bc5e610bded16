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
import dev.dbmigrate.engine.spi.SqlSyntax;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;

/**
 * MySQL 8 and MariaDB 10.11+: a history table in the connection's database (or the one the schema
 * setting names), and a named lock ({@code GET_LOCK}) held by the control connection, which the
 * server releases when that connection ends, so a killed run leaves no stale lock.
 *
 * <p>MySQL commits every DDL statement implicitly, so {@link EngineTraits#transactionalDdl()} is
 * false: the engine records each migration as running before its first statement and as applied
 * after its last, as it does for non-transactional PostgreSQL migrations.
 */
public final class MySqlAdapter implements DatabaseAdapter {

  /** MySQL's longest identifier; a longer name is refused by the server, not truncated. */
  private static final int MAX_IDENTIFIER = 64;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A lock name is at most 64 characters; this prefix keeps it clear of other users' locks. */
  private static final String LOCK_PREFIX = "dbmigrate:";

  /** The longest lock wait MySQL accepts (a year), for a lock timeout of zero, meaning none. */
  private static final long MAX_LOCK_WAIT_SECONDS = 31_536_000L;

  private static final String STATUS_CHECK =
      "status in ("
          + java.util.Arrays.stream(HistoryStatus.values())
              .map(s -> "'" + s.dbValue() + "'")
              .collect(java.util.stream.Collectors.joining(", "))
          + ")";

  private final EngineTraits traits;
  private final boolean mariaDb;
  private final String schema;
  private final String table;
  private final String qualified;
  private final String lockName;

  /**
   * @param schema the database that holds the history table; {@code public}, the default, is the
   *     connection's own database
   * @param mariaDb MariaDB's statement limit ({@code max_statement_time}) rather than MySQL's
   *     ({@code max_execution_time})
   */
  public MySqlAdapter(String schema, String table, boolean mariaDb) {
    this.mariaDb = mariaDb;
    this.schema = MigratorConfig.DEFAULT_SCHEMA.equals(schema) ? null : schema;
    this.table = table;
    String quotedTable = quoteIdentifier("history table", table);
    this.qualified =
        this.schema == null
            ? quotedTable
            : quoteIdentifier("history schema", schema) + "." + quotedTable;
    String key = (this.schema == null ? "" : this.schema + ".") + table;
    // GET_LOCK names are per server, not per database: the database goes into the key below.
    this.lockName = LOCK_PREFIX + Integer.toHexString(key.hashCode());
    this.traits =
        new EngineTraits(
            mariaDb ? "MariaDB" : "MySQL",
            mariaDb ? SQLDialect.MARIADB : SQLDialect.MYSQL,
            SqlSyntax.MYSQL,
            false,
            "KILL %d",
            "lock_wait_timeout",
            mariaDb ? "max_statement_time" : "max_execution_time");
  }

  @Override
  public EngineTraits traits() {
    return traits;
  }

  @Override
  public String historyTable() {
    return qualified;
  }

  @Override
  public List<DbStatement> prepareHistory(Connection c) throws SQLException {
    if (c != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "select (select count(*) from information_schema.schemata where schema_name ="
                  + " coalesce(?, database())), (select count(*) from information_schema.tables"
                  + " where table_schema = coalesce(?, database()) and table_name = ?)")) {
        ps.setString(1, schema);
        ps.setString(2, schema);
        ps.setString(3, table);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(2) > 0) {
            return List.of();
          }
          if (schema != null && rs.getInt(1) == 0) {
            return List.of(
                DbStatement.of("create database " + quote("history schema", schema)),
                DbStatement.of(createTableSql()));
          }
        }
      }
    } else if (schema != null) {
      return List.of(
          DbStatement.of("create database if not exists " + quote("history schema", schema)),
          DbStatement.of(createTableSql()));
    }
    return List.of(DbStatement.of(createTableSql()));
  }

  /**
   * Names are kept as varchar(255): a primary key of longer text needs a prefix index on older
   * servers. utf8mb4_bin compares names exactly, as PostgreSQL's text does.
   */
  private String createTableSql() {
    return "create table if not exists "
        + qualified
        + " ("
        + " name varchar(255) character set utf8mb4 collate utf8mb4_bin primary key,"
        + " batch integer not null,"
        + " applied_at timestamp(6) not null default current_timestamp(6),"
        + " execution_ms bigint not null,"
        + " applied_by text not null,"
        + " checksum varchar(128) not null,"
        + " status varchar(16) not null default 'applied' check ("
        + STATUS_CHECK
        + "),"
        + " backend varchar(64) null) engine=InnoDB";
  }

  @Override
  public List<AppliedMigration> readHistory(Connection c) throws SQLException {
    try {
      return HistoryRows.read(c, qualified, "backend");
    } catch (SQLException e) {
      // ER_NO_SUCH_TABLE: reading first and asking later saves a round trip on every later run.
      if (e.getErrorCode() == 1146) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public DbStatement write(HistoryWrite change) {
    if (change instanceof HistoryWrite.Insert i) {
      return DbStatement.of(
          "insert into "
              + qualified
              + " (name, batch, execution_ms, applied_by, checksum, status)"
              + " values (?, ?, ?, ?, ?, ?)",
          i.row().name(),
          i.row().batch(),
          DbStatement.MEASURED,
          i.row().appliedBy(),
          i.row().checksum(),
          i.row().status().dbValue());
    } else if (change instanceof HistoryWrite.Recorded r) {
      return DbStatement.of(
          "insert into "
              + qualified
              + " (name, batch, applied_at, execution_ms, applied_by, checksum, status)"
              + " values (?, ?, coalesce(?, current_timestamp(6)), ?, ?, ?, ?)",
          r.row().name(),
          r.row().batch(),
          r.row().appliedAt() == null ? null : Timestamp.from(r.row().appliedAt()),
          r.row().executionMillis(),
          r.row().appliedBy(),
          r.row().checksum(),
          r.row().status().dbValue());
    } else if (change instanceof HistoryWrite.Delete d) {
      return DbStatement.of("delete from " + qualified + " where name = ?", d.name());
    } else if (change instanceof HistoryWrite.MarkRunning m) {
      // Before an up the row is new; before a down it exists and keeps its batch and time.
      return DbStatement.of(
          "insert into "
              + qualified
              + " (name, batch, execution_ms, applied_by, checksum, status, backend)"
              + " values (?, ?, 0, ?, ?, 'running', connection_id())"
              + " on duplicate key update status = 'running', backend = connection_id()",
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

  /**
   * GET_LOCK with a timeout of 0 answers at once: 1 taken, 0 held by another session. The lock name
   * carries the database, since named locks are server-wide.
   */
  @Override
  public boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select get_lock(" + lockKey() + ", 0)")) {
      bindLockKey(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  @Override
  public void unlock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select release_lock(" + lockKey() + ")")) {
      bindLockKey(ps);
      ps.executeQuery().close();
    }
  }

  private String lockKey() {
    return "left(concat(?, ':', coalesce(?, database(), '')), 64)";
  }

  private void bindLockKey(PreparedStatement ps) throws SQLException {
    ps.setString(1, lockName);
    ps.setString(2, schema);
  }

  @Override
  public Optional<LockHolder> lockHolder(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select p.id, p.user, p.host, p.time from information_schema.processlist p"
                + " where p.id = is_used_lock("
                + lockKey()
                + ")")) {
      bindLockKey(ps);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long seconds = rs.getLong(4);
        return Optional.of(
            new LockHolder(
                rs.getInt(1),
                "user " + rs.getString(2),
                rs.getString(3),
                java.time.Instant.now().minusSeconds(seconds)));
      }
    }
  }

  /**
   * {@code lock_wait_timeout} bounds metadata locks (the ones DDL waits for) and {@code
   * innodb_lock_wait_timeout} row locks; both count whole seconds, rounded up here. MariaDB's
   * {@code max_statement_time} (seconds) limits every statement; MySQL's {@code max_execution_time}
   * (milliseconds) limits only SELECT statements, which is all MySQL offers.
   */
  @Override
  public DbStatement setTimeouts(Duration lock, Duration statement, boolean transactionLocal) {
    long lockSeconds =
        lock.isZero() ? MAX_LOCK_WAIT_SECONDS : Math.min(MAX_LOCK_WAIT_SECONDS, ceilSeconds(lock));
    String limit =
        mariaDb
            ? "max_statement_time = " + statement.toMillis() / 1000.0
            : "max_execution_time = " + statement.toMillis();
    return DbStatement.of(
        "set session lock_wait_timeout = "
            + lockSeconds
            + ", innodb_lock_wait_timeout = "
            + Math.min(1_073_741_824L, lockSeconds)
            + ", "
            + limit);
  }

  private static long ceilSeconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  @Override
  public DbStatement resetTimeouts() {
    return DbStatement.of(
        "set session lock_wait_timeout = default, innodb_lock_wait_timeout = default, "
            + (mariaDb ? "max_statement_time" : "max_execution_time")
            + " = default");
  }

  @Override
  public long sessionId(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select connection_id()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The processlist shows every session to a user with the PROCESS privilege, and the user's own
   * sessions to anyone; a run uses the same user, so its sessions are always visible.
   */
  @Override
  public boolean sessionAlive(Connection c, AppliedMigration running) throws SQLException {
    long id = running.backendPid();
    if (id == 0) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement("select count(*) from information_schema.processlist where id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  /**
   * Row locks name their blocker in InnoDB's lock-wait view; for a metadata lock (what DDL waits
   * for) the server names none without the metadata_lock_info plugin, so the oldest other open
   * transaction, the usual holder, is named and said to be likely.
   */
  @Override
  public Optional<String> describeLockWait(Connection observer, long waiter) throws SQLException {
    String state;
    try (PreparedStatement ps =
        observer.prepareStatement(
            "select state from information_schema.processlist where id = ?")) {
      ps.setLong(1, waiter);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) {
          return Optional.empty();
        }
        state = rs.getString(1);
      }
    }
    String lower = state.toLowerCase(java.util.Locale.ROOT);
    if (!lower.contains("lock")) {
      return Optional.empty();
    }
    Optional<String> rowBlocker = rowLockBlocker(observer, waiter);
    if (rowBlocker.isPresent()) {
      return Optional.of("waiting for a row lock, held by " + rowBlocker.get());
    }
    try (PreparedStatement ps =
        observer.prepareStatement(
            "select t.trx_mysql_thread_id, p.user, p.host, t.trx_started"
                + " from information_schema.innodb_trx t"
                + " left join information_schema.processlist p on p.id = t.trx_mysql_thread_id"
                + " where t.trx_mysql_thread_id <> ? order by t.trx_started limit 1")) {
      ps.setLong(1, waiter);
      try (ResultSet rs = ps.executeQuery()) {
        StringBuilder s = new StringBuilder("waiting: ").append(state);
        if (rs.next()) {
          s.append(", most likely held by ").append(describe(rs));
        }
        return Optional.of(s.toString());
      }
    }
  }

  private static Optional<String> rowLockBlocker(Connection observer, long waiter) {
    try (PreparedStatement ps =
        observer.prepareStatement(
            "select b.trx_mysql_thread_id, p.user, p.host, b.trx_started"
                + " from information_schema.innodb_lock_waits w"
                + " join information_schema.innodb_trx r on r.trx_id = w.requesting_trx_id"
                + " join information_schema.innodb_trx b on b.trx_id = w.blocking_trx_id"
                + " left join information_schema.processlist p on p.id = b.trx_mysql_thread_id"
                + " where r.trx_mysql_thread_id = ? limit 1")) {
      ps.setLong(1, waiter);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(describe(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      // MySQL 8 moved this view to performance_schema.data_lock_waits; the fallback still names
      // one.
      return Optional.empty();
    }
  }

  private static String describe(ResultSet rs) throws SQLException {
    StringBuilder s = new StringBuilder("connection id ").append(rs.getLong(1));
    String user = rs.getString(2);
    if (user != null) {
      s.append(" (user ").append(user).append(" from ").append(rs.getString(3)).append(')');
    }
    Timestamp since = rs.getTimestamp(4);
    if (since != null) {
      s.append(", in a transaction since ").append(since.toInstant());
    }
    return s.toString();
  }

  /**
   * MySQL's error numbers say what happened; its SQLSTATEs mostly say HY000. 1205 lock wait timeout
   * (both kinds of lock), 1969 MariaDB's max_statement_time, 3024 MySQL's max_execution_time, 1317
   * a query interrupted by KILL QUERY, 1927 a connection killed, 2006 and 2013 a connection gone.
   */
  @Override
  public FailureKind classify(SQLException e) {
    return switch (e.getErrorCode()) {
      case 1205 -> FailureKind.LOCK_TIMEOUT;
      case 1969, 3024 -> FailureKind.STATEMENT_TIMEOUT;
      case 1927, 2006, 2013 -> FailureKind.CONNECTION_LOST;
      default ->
          e.getSQLState() != null && e.getSQLState().startsWith("08")
              ? FailureKind.CONNECTION_LOST
              : FailureKind.OTHER;
    };
  }

  @Override
  public String quote(String what, String identifier) {
    return quoteIdentifier(what, identifier);
  }

  static String quoteIdentifier(String what, String identifier) {
    if (identifier == null
        || !IDENTIFIER.matcher(identifier).matches()
        || identifier.length() > MAX_IDENTIFIER) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          what
              + " '"
              + identifier
              + "' is not a plain SQL identifier (letters, digits, underscore, not starting with a"
              + " digit; at most "
              + MAX_IDENTIFIER
              + " characters in MySQL)");
    }
    return '`' + identifier + '`';
  }
}
