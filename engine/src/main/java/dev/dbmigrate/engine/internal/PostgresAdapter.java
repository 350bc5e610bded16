package dev.dbmigrate.engine.internal;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.LockHolder;
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

/**
 * PostgreSQL: a history table, and a session-level advisory lock keyed by the history table's name,
 * so two projects with different history tables in one database do not block each other.
 */
public final class PostgresAdapter implements DatabaseAdapter {

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
    this.qualified = '"' + schema + "\".\"" + table + '"';
    // String.hashCode is specified by the language, so every version computes the same key.
    this.lockKey = qualified.hashCode();
  }

  /**
   * One look at the catalog tells whether the schema, the table, a current status check and the
   * {@code backend} column exist, so a run on an existing, current table sends nothing more. A
   * table made by an older version, whose check allows fewer statuses or that has no {@code
   * backend} column, is brought up to date in place with one statement.
   */
  @Override
  public void createHistoryIfAbsent(Connection c) throws SQLException {
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
    try (Statement s = c.createStatement()) {
      if (!tableExists) {
        // CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database, so ask first.
        for (String sql : createHistorySql(schemaExists)) {
          s.execute(sql);
        }
      } else if (statusCheck != null || backendMissing) {
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
        s.execute("alter table " + qualified + " " + String.join(", ", changes));
      }
    }
  }

  @Override
  public boolean schemaExists(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select 1 from pg_namespace where nspname = '" + schema + "'")) {
      return rs.next();
    }
  }

  @Override
  public boolean historyExists(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('" + qualified + "') is not null")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Override
  public List<String> createHistorySql(boolean schemaExists) {
    return schemaExists ? List.of(createTableSql()) : List.of(createSchemaSql(), createTableSql());
  }

  private String createSchemaSql() {
    return "create schema \"" + schema + '"';
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
      return readHistory(c, "backend");
    } catch (SQLException e) {
      // Reading first and asking later saves a round trip on every run after the first.
      if (UNDEFINED_TABLE.equals(e.getSQLState()) && autoCommit) {
        return List.of();
      }
      // A table of an older version has no backend column until a run that changes the schema
      // adds it; status and dry runs, which only read, read such a table without it.
      if (UNDEFINED_COLUMN.equals(e.getSQLState()) && autoCommit) {
        return readHistory(c, "null");
      }
      throw e;
    }
  }

  private List<AppliedMigration> readHistory(Connection c, String backend) throws SQLException {
    List<AppliedMigration> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select name, batch, applied_at, execution_ms, applied_by, checksum, status, "
                    + backend
                    + " from "
                    + qualified
                    + " order by batch, name")) {
      while (rs.next()) {
        Timestamp at = rs.getTimestamp(3);
        rows.add(
            new AppliedMigration(
                rs.getString(1),
                rs.getInt(2),
                at == null ? null : at.toInstant(),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                HistoryStatus.ofDbValue(rs.getString(7)),
                rs.getString(8)));
      }
    }
    return rows;
  }

  @Override
  public void insert(Connection c, AppliedMigration row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertTemplate())) {
      ps.setString(1, row.name());
      ps.setInt(2, row.batch());
      ps.setLong(3, row.executionMillis());
      ps.setString(4, row.appliedBy());
      ps.setString(5, row.checksum());
      ps.setString(6, row.status().dbValue());
      ps.executeUpdate();
    }
  }

  @Override
  public void record(Connection c, AppliedMigration row) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into "
                + qualified
                + " (name, batch, applied_at, execution_ms, applied_by, checksum, status)"
                + " values (?, ?, coalesce(?::timestamptz, now()), ?, ?, ?, ?)")) {
      ps.setString(1, row.name());
      ps.setInt(2, row.batch());
      ps.setObject(
          3,
          row.appliedAt() == null
              ? null
              : java.time.OffsetDateTime.ofInstant(row.appliedAt(), java.time.ZoneOffset.UTC));
      ps.setLong(4, row.executionMillis());
      ps.setString(5, row.appliedBy());
      ps.setString(6, row.checksum());
      ps.setString(7, row.status().dbValue());
      ps.executeUpdate();
    }
  }

  @Override
  public String insertSql(AppliedMigration row) {
    return inline(
        insertTemplate(),
        literal(row.name()),
        Integer.toString(row.batch()),
        "0 /* execution_ms: measured when it runs */",
        literal(row.appliedBy()),
        literal(row.checksum()),
        literal(row.status().dbValue()));
  }

  private String insertTemplate() {
    return "insert into "
        + qualified
        + " (name, batch, execution_ms, applied_by, checksum, status)"
        + " values (?, ?, ?, ?, ?, ?)";
  }

  @Override
  public long insertInTransaction(Connection c, AppliedMigration row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertTemplate() + RETURNING_TRANSACTION)) {
      ps.setString(1, row.name());
      ps.setInt(2, row.batch());
      ps.setLong(3, row.executionMillis());
      ps.setString(4, row.appliedBy());
      ps.setString(5, row.checksum());
      ps.setString(6, row.status().dbValue());
      return transactionOf(ps);
    }
  }

  @Override
  public long deleteInTransaction(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(deleteTemplate() + RETURNING_TRANSACTION)) {
      ps.setString(1, name);
      return transactionOf(ps);
    }
  }

  @Override
  public String insertInTransactionSql(AppliedMigration row) {
    return insertSql(row) + RETURNING_TRANSACTION;
  }

  @Override
  public String deleteInTransactionSql(String name) {
    return deleteSql(name) + RETURNING_TRANSACTION;
  }

  private static final String RETURNING_TRANSACTION = " returning txid_current()";

  /** The transaction id a statement ending in {@link #RETURNING_TRANSACTION} ran in. */
  private static long transactionOf(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      // No row: the statement matched nothing, so it cannot vouch for the transaction.
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public void markRunning(Connection c, AppliedMigration row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(markRunningTemplate())) {
      ps.setString(1, row.name());
      ps.setInt(2, row.batch());
      ps.setString(3, row.appliedBy());
      ps.setString(4, row.checksum());
      ps.executeUpdate();
    }
  }

  @Override
  public String markRunningSql(AppliedMigration row) {
    return inline(
        markRunningTemplate(),
        literal(row.name()),
        Integer.toString(row.batch()),
        literal(row.appliedBy()),
        literal(row.checksum()));
  }

  /**
   * Before an up the row is new; before a down it exists and keeps its batch and time. Either way
   * it then says running, and which session runs it.
   */
  private String markRunningTemplate() {
    return "insert into "
        + qualified
        + " (name, batch, execution_ms, applied_by, checksum, status, backend)"
        + " values (?, ?, 0, ?, ?, 'running', "
        + THIS_BACKEND
        + ") on conflict (name) do update set status = 'running', backend = excluded.backend";
  }

  @Override
  public void finishRunning(Connection c, String name, HistoryStatus status, long millis)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(finishTemplate())) {
      ps.setString(1, status.dbValue());
      ps.setLong(2, millis);
      ps.setString(3, name);
      ps.executeUpdate();
    }
  }

  @Override
  public String finishRunningSql(String name, HistoryStatus status) {
    return inline(
        finishTemplate(),
        literal(status.dbValue()),
        "0 /* execution_ms: measured when it runs */",
        literal(name));
  }

  private String finishTemplate() {
    return "update " + qualified + " set status = ?, execution_ms = ? where name = ?";
  }

  @Override
  public boolean backendAlive(Connection c, AppliedMigration running) throws SQLException {
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
  public void delete(Connection c, String name) throws SQLException {
    update(c, deleteTemplate(), name);
  }

  @Override
  public String deleteSql(String name) {
    return inline(deleteTemplate(), literal(name));
  }

  private String deleteTemplate() {
    return "delete from " + qualified + " where name = ?";
  }

  @Override
  public void updateChecksum(Connection c, String name, String checksum) throws SQLException {
    update(c, "update " + qualified + " set checksum = ? where name = ?", checksum, name);
  }

  @Override
  public void markApplied(Connection c, String name) throws SQLException {
    update(c, "update " + qualified + " set status = 'applied' where name = ?", name);
  }

  private static void update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      ps.executeUpdate();
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
  public long setTimeouts(Connection c, Duration lock, Duration statement, boolean local)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(local ? SET_LOCAL_TIMEOUTS : SET_TIMEOUTS)) {
      ps.setString(1, lock.toMillis() + "ms");
      ps.setBoolean(2, local);
      ps.setString(3, statement.toMillis() + "ms");
      ps.setBoolean(4, local);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return local ? rs.getLong(3) : 0;
      }
    }
  }

  @Override
  public String setTimeoutsSql(Duration lock, Duration statement, boolean local) {
    return inline(
        local ? SET_LOCAL_TIMEOUTS : SET_TIMEOUTS,
        literal(lock.toMillis() + "ms"),
        Boolean.toString(local),
        literal(statement.toMillis() + "ms"),
        Boolean.toString(local));
  }

  @Override
  public void resetTimeouts(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(RESET_TIMEOUTS);
    }
  }

  @Override
  public String resetTimeoutsSql() {
    return RESET_TIMEOUTS;
  }

  /** {@code template} with each {@code ?} replaced by the next of {@code sqlValues}, in order. */
  private static String inline(String template, String... sqlValues) {
    StringBuilder sql = new StringBuilder(template.length() + 64);
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char ch = template.charAt(i);
      sql.append(ch == '?' ? sqlValues[next++] : String.valueOf(ch));
    }
    return sql.toString();
  }

  private static String literal(String value) {
    return value == null ? "null" : "'" + value.replace("'", "''") + "'";
  }

  @Override
  public int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public Optional<String> describeLockWait(Connection observer, int pid) throws SQLException {
    try (PreparedStatement ps =
        observer.prepareStatement(
            "select l.mode, coalesce('table ' || c.relname, l.locktype), b.pid,"
                + " b.application_name, b.state, b.xact_start"
                + " from pg_locks l left join pg_class c on c.oid = l.relation"
                + " left join lateral unnest(pg_blocking_pids(l.pid)) as blocker(pid) on true"
                + " left join pg_stat_activity b on b.pid = blocker.pid"
                + " where l.pid = ? and not l.granted limit 1")) {
      ps.setInt(1, pid);
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
