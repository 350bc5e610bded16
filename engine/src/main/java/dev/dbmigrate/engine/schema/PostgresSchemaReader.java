package dev.dbmigrate.engine.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's catalog as a {@link Schema}: one query per kind of object, definitions in the
 * server's own words ({@code format_type}, {@code pg_get_indexdef}, {@code pg_get_constraintdef},
 * {@code pg_get_functiondef}, {@code pg_get_triggerdef}, {@code pg_get_viewdef}), so a default or a
 * partial index's predicate compares as the server normalised it, not as the migration spelled it.
 *
 * <p>jOOQ's {@code Meta} reads tables, columns, keys, indexes and sequences through JDBC's {@code
 * DatabaseMetaData}, but not functions, triggers, enum labels, extensions, index validity or
 * privileges, and it costs a round trip per table; the catalog gives all of it in ten queries.
 *
 * <p>Left out: the schemas {@code pg_*} and {@code information_schema}, objects that belong to an
 * extension (the extension itself is compared, with its version), the sequence behind an identity
 * column (the column's identity is compared), the index behind a primary key, unique or exclusion
 * constraint (the constraint is compared), column positions, and the excluded history table with
 * everything on it. Owners and grants only when asked for.
 */
public final class PostgresSchemaReader implements SchemaReader {

  private final String excludedTable;
  private final boolean privileges;

  /**
   * @param excludedTable the history table as a quoted, qualified name ({@code
   *     "public"."dbmigrate_migrations"}), left out with its indexes, constraints and triggers;
   *     null for none
   * @param privileges compare owners and grants too
   */
  public PostgresSchemaReader(String excludedTable, boolean privileges) {
    this.excludedTable = excludedTable;
    this.privileges = privileges;
  }

  @Override
  public Schema read(Connection c) throws SQLException {
    long excluded = excludedOid(c);
    List<SchemaObject> all = new ArrayList<>();
    schemas(c, all);
    relations(c, excluded, all);
    columns(c, excluded, all);
    indexes(c, excluded, all);
    constraints(c, excluded, all);
    sequences(c, all);
    functions(c, all);
    triggers(c, excluded, all);
    policies(c, excluded, all);
    rules(c, excluded, all);
    types(c, all);
    extensions(c, all);
    return Schema.of(all);
  }

  private long excludedOid(Connection c) throws SQLException {
    if (excludedTable == null) {
      return 0;
    }
    try (PreparedStatement s = c.prepareStatement("select coalesce(to_regclass(?)::oid, 0)")) {
      s.setString(1, excludedTable);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void schemas(Connection c, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, obj_description(n.oid, 'pg_namespace'), pg_get_userbyid(n.nspowner),"
            + " n.nspacl::text from pg_namespace n where"
            + userSchema("n")
            + "and "
            + notInExtension("pg_namespace", "n.oid"),
        rs -> {
          Map<String, String> a = new LinkedHashMap<>();
          a.put("comment", rs.getString(2));
          owner(a, rs.getString(3), rs.getString(4));
          out.add(new SchemaObject("schema", rs.getString(1), null, a));
        });
  }

  private void relations(Connection c, long excluded, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity,"
            + " c.relforcerowsecurity, case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,"
            + " case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end,"
            + " (select string_agg(i.inhparent::regclass::text, ', ' order by i.inhseqno)"
            + " from pg_inherits i where i.inhrelid = c.oid),"
            + " array_to_string(c.reloptions, ', '),"
            + " case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end,"
            + " obj_description(c.oid, 'pg_class'), pg_get_userbyid(c.relowner), c.relacl::text"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where c.relkind in ('r', 'p', 'f', 'v', 'm') and c.oid <> "
            + excluded
            + " and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "c.oid"),
        rs -> {
          String kind =
              switch (rs.getString(3)) {
                case "v" -> "view";
                case "m" -> "materialized view";
                default -> "table";
              };
          Map<String, String> a = new LinkedHashMap<>();
          a.put("definition", rs.getString(11));
          if (kind.equals("table")) {
            a.put(
                "storage",
                switch (rs.getString(3) + rs.getString(4)) {
                  case "pu" -> "partitioned, unlogged";
                  case "pp" -> "partitioned";
                  case "fp" -> "foreign";
                  default -> rs.getString(4).equals("u") ? "unlogged" : null;
                });
            a.put("partition key", rs.getString(7));
            a.put("partition of", rs.getString(8) == null ? null : rs.getString(9));
            a.put("partition bounds", rs.getString(8));
            a.put("inherits", rs.getString(8) == null ? rs.getString(9) : null);
            a.put(
                "row security", rs.getBoolean(6) ? "forced" : rs.getBoolean(5) ? "enabled" : null);
          }
          a.put("options", emptyToNull(rs.getString(10)));
          a.put("comment", rs.getString(12));
          owner(a, rs.getString(13), rs.getString(14));
          out.add(new SchemaObject(kind, name(rs.getString(1), rs.getString(2)), null, a));
        });
  }

  private void columns(Connection c, long excluded, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
            + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
            + " case when a.attcollation <> t.typcollation then"
            + " (select l.collname from pg_collation l where l.oid = a.attcollation) end,"
            + " col_description(c.oid, a.attnum), a.attacl::text"
            + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
            + " join pg_namespace n on n.oid = c.relnamespace join pg_type t on t.oid = a.atttypid"
            + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
            + " where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'f')"
            + " and c.oid <> "
            + excluded
            + " and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "c.oid"),
        rs -> {
          String table = name(rs.getString(1), rs.getString(2));
          boolean generated = !rs.getString(8).isEmpty();
          Map<String, String> a = new LinkedHashMap<>();
          a.put("type", rs.getString(4));
          a.put("nullability", rs.getBoolean(5) ? "not null" : "nullable");
          a.put("default", generated ? null : rs.getString(6));
          a.put("generated", generated ? "always as (" + rs.getString(6) + ") stored" : null);
          a.put(
              "identity",
              switch (rs.getString(7)) {
                case "a" -> "generated always";
                case "d" -> "generated by default";
                default -> null;
              });
          a.put("collation", rs.getString(9));
          a.put("comment", rs.getString(10));
          if (privileges) {
            a.put("grants", rs.getString(11));
          }
          out.add(
              new SchemaObject(
                  "column", table + "." + rs.getString(3), SchemaObject.key("table", table), a));
        });
  }

  private void indexes(Connection c, long excluded, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, x.relname, pg_get_indexdef(i.indexrelid), i.indisvalid,"
            + " obj_description(x.oid, 'pg_class'), tn.nspname, t.relname, t.relkind"
            + " from pg_index i join pg_class x on x.oid = i.indexrelid"
            + " join pg_namespace n on n.oid = x.relnamespace"
            + " join pg_class t on t.oid = i.indrelid join pg_namespace tn on tn.oid = t.relnamespace"
            + " where i.indrelid <> "
            + excluded
            + " and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid"
            + " and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x')) and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "i.indrelid"),
        rs -> {
          Map<String, String> a = new LinkedHashMap<>();
          a.put("definition", rs.getString(3));
          a.put("validity", rs.getBoolean(4) ? "valid" : "invalid");
          a.put("comment", rs.getString(5));
          String parentKind = rs.getString(8).equals("m") ? "materialized view" : "table";
          out.add(
              new SchemaObject(
                  "index",
                  name(rs.getString(1), rs.getString(2)),
                  SchemaObject.key(parentKind, name(rs.getString(6), rs.getString(7))),
                  a));
        });
  }

  private void constraints(Connection c, long excluded, List<SchemaObject> out)
      throws SQLException {
    query(
        c,
        "select n.nspname, coalesce(r.relname, t.typname), k.conname, pg_get_constraintdef(k.oid),"
            + " k.convalidated, obj_description(k.oid, 'pg_constraint'), k.contypid <> 0"
            + " from pg_constraint k join pg_namespace n on n.oid = k.connamespace"
            + " left join pg_class r on r.oid = k.conrelid left join pg_type t on t.oid = k.contypid"
            + " where (k.conrelid <> 0 or k.contypid <> 0) and k.contype <> 'n' and k.conrelid <> "
            + excluded
            + " and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "k.conrelid")
            + " and "
            + notInExtension("pg_type", "k.contypid"),
        rs -> {
          String owner = name(rs.getString(1), rs.getString(2));
          Map<String, String> a = new LinkedHashMap<>();
          a.put("definition", rs.getString(4));
          a.put("validity", rs.getBoolean(5) ? "valid" : "not validated");
          a.put("comment", rs.getString(6));
          String parent = SchemaObject.key(rs.getBoolean(7) ? "domain" : "table", owner);
          out.add(new SchemaObject("constraint", owner + "." + rs.getString(3), parent, a));
        });
  }

  private void sequences(Connection c, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, c.relname, format_type(s.seqtypid, null), s.seqstart, s.seqincrement,"
            + " s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
            + " (select d.refobjid::regclass::text || '.' || a.attname from pg_depend d"
            + " join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid"
            + " where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'a'"
            + " and d.refclassid = 'pg_class'::regclass),"
            + " obj_description(c.oid, 'pg_class'), pg_get_userbyid(c.relowner), c.relacl::text"
            + " from pg_class c join pg_sequence s on s.seqrelid = c.oid"
            + " join pg_namespace n on n.oid = c.relnamespace where"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "c.oid")
            + " and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass"
            + " and d.objid = c.oid and d.deptype = 'i')",
        rs -> {
          Map<String, String> a = new LinkedHashMap<>();
          a.put("type", rs.getString(3));
          a.put(
              "options",
              "start "
                  + rs.getLong(4)
                  + " increment "
                  + rs.getLong(5)
                  + " minvalue "
                  + rs.getLong(6)
                  + " maxvalue "
                  + rs.getLong(7)
                  + " cache "
                  + rs.getLong(8)
                  + (rs.getBoolean(9) ? " cycle" : ""));
          a.put("owned by", rs.getString(10));
          a.put("comment", rs.getString(11));
          owner(a, rs.getString(12), rs.getString(13));
          out.add(new SchemaObject("sequence", name(rs.getString(1), rs.getString(2)), null, a));
        });
  }

  private void functions(Connection c, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,"
            + " case when p.prokind <> 'a' then pg_get_functiondef(p.oid) end,"
            + " obj_description(p.oid, 'pg_proc'), pg_get_userbyid(p.proowner), p.proacl::text"
            + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace where"
            + userSchema("n")
            + "and "
            + notInExtension("pg_proc", "p.oid"),
        rs -> {
          String kind =
              switch (rs.getString(4)) {
                case "p" -> "procedure";
                case "a" -> "aggregate";
                default -> "function";
              };
          Map<String, String> a = new LinkedHashMap<>();
          a.put("definition", rs.getString(5));
          a.put("comment", rs.getString(6));
          owner(a, rs.getString(7), rs.getString(8));
          String signature = name(rs.getString(1), rs.getString(2)) + "(" + rs.getString(3) + ")";
          out.add(new SchemaObject(kind, signature, null, a));
        });
  }

  private void triggers(Connection c, long excluded, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled,"
            + " obj_description(t.oid, 'pg_trigger'), c.relkind"
            + " from pg_trigger t join pg_class c on c.oid = t.tgrelid"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " where not t.tgisinternal and t.tgrelid <> "
            + excluded
            + " and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "c.oid"),
        rs -> {
          String table = name(rs.getString(1), rs.getString(2));
          Map<String, String> a = new LinkedHashMap<>();
          a.put("definition", rs.getString(4));
          a.put(
              "state",
              switch (rs.getString(5)) {
                case "D" -> "disabled";
                case "R" -> "enabled on replica only";
                case "A" -> "enabled always";
                default -> null;
              });
          a.put("comment", rs.getString(6));
          String parentKind = rs.getString(7).equals("v") ? "view" : "table";
          out.add(
              new SchemaObject(
                  "trigger",
                  table + "." + rs.getString(3),
                  SchemaObject.key(parentKind, table),
                  a));
        });
  }

  private void policies(Connection c, long excluded, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,"
            + " (select string_agg(x.role, ', ' order by x.role) from (select case when r = 0"
            + " then 'public' else pg_get_userbyid(r) end as role from unnest(p.polroles) r) x),"
            + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)"
            + " from pg_policy p join pg_class c on c.oid = p.polrelid"
            + " join pg_namespace n on n.oid = c.relnamespace where p.polrelid <> "
            + excluded
            + " and"
            + userSchema("n"),
        rs -> {
          String table = name(rs.getString(1), rs.getString(2));
          Map<String, String> a = new LinkedHashMap<>();
          a.put(
              "definition",
              (rs.getBoolean(5) ? "permissive" : "restrictive")
                  + " for "
                  + switch (rs.getString(4)) {
                    case "r" -> "select";
                    case "a" -> "insert";
                    case "w" -> "update";
                    case "d" -> "delete";
                    default -> "all";
                  }
                  + " to "
                  + rs.getString(6)
                  + (rs.getString(7) == null ? "" : " using (" + rs.getString(7) + ")")
                  + (rs.getString(8) == null ? "" : " with check (" + rs.getString(8) + ")"));
          out.add(
              new SchemaObject(
                  "policy", table + "." + rs.getString(3), SchemaObject.key("table", table), a));
        });
  }

  private void rules(Connection c, long excluded, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, c.relname, r.rulename, pg_get_ruledef(r.oid), c.relkind"
            + " from pg_rewrite r join pg_class c on c.oid = r.ev_class"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " where r.rulename <> '_RETURN' and r.ev_class <> "
            + excluded
            + " and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_class", "c.oid"),
        rs -> {
          String table = name(rs.getString(1), rs.getString(2));
          String parentKind = rs.getString(5).equals("v") ? "view" : "table";
          out.add(
              new SchemaObject(
                  "rule",
                  table + "." + rs.getString(3),
                  SchemaObject.key(parentKind, table),
                  Map.of("definition", rs.getString(4))));
        });
  }

  private void types(Connection c, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select n.nspname, t.typname, t.typtype,"
            + " (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder)"
            + " from pg_enum e where e.enumtypid = t.oid),"
            + " case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,"
            + " t.typnotnull, t.typdefault,"
            + " (select string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid,"
            + " a.atttypmod), ', ' order by a.attnum) from pg_attribute a"
            + " where t.typtype = 'c' and a.attrelid = t.typrelid and a.attnum > 0"
            + " and not a.attisdropped),"
            + " (select format_type(r.rngsubtype, null) from pg_range r where r.rngtypid = t.oid),"
            + " obj_description(t.oid, 'pg_type'), pg_get_userbyid(t.typowner), t.typacl::text"
            + " from pg_type t join pg_namespace n on n.oid = t.typnamespace"
            + " where t.typtype in ('e', 'd', 'c', 'r') and (t.typtype <> 'c' or"
            + " (select r.relkind from pg_class r where r.oid = t.typrelid) = 'c') and"
            + userSchema("n")
            + "and "
            + notInExtension("pg_type", "t.oid"),
        rs -> {
          String kind =
              switch (rs.getString(3)) {
                case "e" -> "enum type";
                case "d" -> "domain";
                case "c" -> "composite type";
                default -> "range type";
              };
          Map<String, String> a = new LinkedHashMap<>();
          a.put("labels", rs.getString(4));
          a.put("type", rs.getString(5) != null ? rs.getString(5) : rs.getString(9));
          a.put("nullability", rs.getString(3).equals("d") && rs.getBoolean(6) ? "not null" : null);
          a.put("default", rs.getString(7));
          a.put("attributes", rs.getString(8));
          a.put("comment", rs.getString(10));
          owner(a, rs.getString(11), rs.getString(12));
          out.add(new SchemaObject(kind, name(rs.getString(1), rs.getString(2)), null, a));
        });
  }

  private void extensions(Connection c, List<SchemaObject> out) throws SQLException {
    query(
        c,
        "select e.extname, e.extversion, n.nspname, obj_description(e.oid, 'pg_extension')"
            + " from pg_extension e join pg_namespace n on n.oid = e.extnamespace",
        rs -> {
          Map<String, String> a = new LinkedHashMap<>();
          a.put("version", rs.getString(2));
          a.put("schema", rs.getString(3));
          a.put("comment", rs.getString(4));
          out.add(new SchemaObject("extension", rs.getString(1), null, a));
        });
  }

  private void owner(Map<String, String> a, String owner, String grants) {
    if (privileges) {
      a.put("owner", owner);
      a.put("grants", grants);
    }
  }

  /** How messages name an object: bare in {@code public}, qualified elsewhere. */
  private static String name(String schema, String object) {
    return "public".equals(schema) ? object : schema + "." + object;
  }

  private static String userSchema(String alias) {
    return " "
        + alias
        + ".nspname <> 'information_schema' and "
        + alias
        + ".nspname not like 'pg\\_%' ";
  }

  /** Objects an extension created are the extension's; comparing its version covers them. */
  private static String notInExtension(String catalog, String oid) {
    return "not exists (select 1 from pg_depend x where x.classid = '"
        + catalog
        + "'::regclass and x.objid = "
        + oid
        + " and x.deptype = 'e')";
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(Connection c, String sql, RowReader reader) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        reader.read(rs);
      }
    }
  }
}
