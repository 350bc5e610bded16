package dev.dbmigrate.engine.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The SQL a {@code DO} block runs, read from its PL/pgSQL body: the SQL statements written in it
 * (PL/pgSQL runs a CREATE INDEX or ALTER TABLE in its body as it is) and the strings it EXECUTEs. A
 * block that EXECUTEs SQL built at run time ({@code format(...)}, a variable) is {@link
 * Body#dynamic}: its statements are read from what is constant in them, with the parts built at run
 * time as unknown names, and it stays among the statements the linter could not fully check.
 */
final class DoBlock {

  /**
   * What the body runs.
   *
   * @param statements the statements read from it, in order
   * @param dynamic whether it also runs SQL the linter cannot read: a non-constant EXECUTE, or a
   *     language other than PL/pgSQL
   */
  record Body(List<Clause> statements, boolean dynamic) {}

  /** Words that open a PL/pgSQL block or branch, after which a statement follows. */
  private static final Set<String> OPENERS = Set.of("begin", "loop", "else");

  /** Words of PL/pgSQL statements with a condition, whose statement follows THEN or LOOP. */
  private static final Set<String> CONDITIONS = Set.of("if", "elsif", "elseif", "while", "for");

  /** Statements of a body that are PL/pgSQL's own or end the block: not linted as SQL. */
  private static final Set<String> NOT_SQL =
      Set.of(
          "end",
          "commit",
          "rollback",
          "abort",
          "start",
          "savepoint",
          "release",
          "fetch",
          "move",
          "close",
          "execute");

  private DoBlock() {}

  /** The body of {@code s} when it is a DO block; empty for any other statement. */
  static Optional<Body> read(Clause s) {
    if (!s.isWord(0, "do")) {
      return Optional.empty();
    }
    String language = "plpgsql";
    String code = null;
    for (int i = 1; i < s.size(); i++) {
      Token t = s.get(i);
      if (t.kind() == Token.Kind.STRING && code == null) {
        code = t.text();
      } else if (t.isWord("language") && s.get(i + 1).kind() != Token.Kind.SYMBOL) {
        language = s.get(i + 1).text().toLowerCase(Locale.ROOT);
        i++;
      }
    }
    if (code == null || !language.equals("plpgsql")) {
      return Optional.of(new Body(List.of(), true));
    }
    List<Clause> statements = new ArrayList<>();
    boolean dynamic = false;
    for (Clause piece : Clause.statements(code)) {
      Clause statement = withoutOpeners(piece);
      if (statement.isWord(0, "execute")) {
        Sql sql = executed(statement);
        statements.addAll(Clause.statements(sql.text()));
        dynamic |= !sql.exact();
      } else if (statement.size() > 0
          && !NOT_SQL.contains(statement.get(0).text())
          && StatementKinds.recognised(statement)) {
        statements.add(statement);
      }
    }
    return Optional.of(new Body(List.copyOf(statements), dynamic));
  }

  /**
   * The statement that stands in {@code piece} once the block words before it are left out: DECLARE
   * ... BEGIN, LOOP, ELSE, a label, IF ... THEN, WHILE ... LOOP, EXCEPTION WHEN ... THEN.
   */
  private static Clause withoutOpeners(Clause piece) {
    Clause c = piece;
    while (c.size() > 0) {
      Token first = c.get(0);
      if (first.isSymbol("<") && c.get(1).isSymbol("<")) {
        int close = 2;
        while (close < c.size() && !c.get(close).isSymbol(">")) {
          close++;
        }
        c = c.from(close + 2);
      } else if (first.kind() == Token.Kind.WORD && OPENERS.contains(first.text())) {
        c = c.from(1);
      } else if (first.isWord("declare")) {
        int begin = c.find(1, "begin");
        c = begin < 0 ? c.sub(0, 0) : c.from(begin + 1);
      } else if (first.isWord("exception") || first.isWord("when")) {
        int then = c.find(1, "then");
        c = then < 0 ? c.sub(0, 0) : c.from(then + 1);
      } else if (first.kind() == Token.Kind.WORD && CONDITIONS.contains(first.text())) {
        int then =
            c.find(1, first.isWord("if") || first.text().startsWith("els") ? "then" : "loop");
        c = then < 0 ? c.sub(0, 0) : c.from(then + 1);
      } else {
        return c;
      }
    }
    return c;
  }

  /**
   * What EXECUTE's argument runs, up to INTO or USING: the literals it joins with {@code ||}, with
   * each part built at run time (a variable, a function call) read as a name the linter does not
   * know, and the template of {@code format('...', ...)} with its {@code %I}, {@code %s} and {@code
   * %L} read the same way. A table named so is taken as one that exists, since the linter cannot
   * tell it is new.
   */
  private static Sql executed(Clause execute) {
    int end = execute.size();
    for (String word : List.of("into", "using")) {
      int at = execute.find(1, word);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    StringBuilder sql = new StringBuilder();
    boolean exact = true;
    int from = 1;
    for (int i = 1; i <= end; i++) {
      boolean concat = i < end && execute.get(i).isSymbol("|") && execute.get(i + 1).isSymbol("|");
      if (i == end || (concat && depth(execute, from, i) == 0)) {
        Clause part = execute.sub(from, i);
        if (part.size() == 1 && part.get(0).kind() == Token.Kind.STRING) {
          sql.append(part.get(0).text());
        } else if (part.isWord(0, "format")
            && part.get(1).isSymbol("(")
            && part.get(2).kind() == Token.Kind.STRING) {
          sql.append(template(part.get(2).text()));
          exact = false;
        } else {
          sql.append(' ').append(UNKNOWN).append(' ');
          exact = false;
        }
        from = i + 2;
        i++;
      }
    }
    return new Sql(sql.toString(), exact);
  }

  /** SQL read from an EXECUTE; {@code exact} when it was all literals. */
  private record Sql(String text, boolean exact) {}

  /**
   * The name the linter reads where the SQL is only known at run time: never a new table, since the
   * linter cannot tell which one it is.
   */
  static final String UNKNOWN_NAME = "(built at run time)";

  private static final String UNKNOWN = '"' + UNKNOWN_NAME + '"';

  /** format()'s template with its placeholders read as unknown names and literals. */
  private static String template(String format) {
    return format
        .replace("%%", "\u0000")
        .replaceAll("%(\\d+\\$)?-?\\d*[Is]", " " + Matcher.quoteReplacement(UNKNOWN) + " ")
        .replaceAll("%(\\d+\\$)?-?\\d*L", "''")
        .replace("\u0000", "%");
  }

  private static int depth(Clause c, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      if (c.get(i).isSymbol("(") || c.get(i).isSymbol("[")) {
        depth++;
      } else if (c.get(i).isSymbol(")") || c.get(i).isSymbol("]")) {
        depth--;
      }
    }
    return depth;
  }
}
