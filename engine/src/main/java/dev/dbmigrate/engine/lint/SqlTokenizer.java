package dev.dbmigrate.engine.lint;

import dev.dbmigrate.engine.lint.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into {@link Token}s, dropping whitespace and comments, so that rules see what a
 * statement does and not how it is spelled: {@code CREATE INDEX i ON t (c)}, the same with comments
 * between the words, and jOOQ's {@code create index "i" on "t"("c")} read the same.
 */
final class SqlTokenizer {

  private final String sql;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private SqlTokenizer(String sql, int from) {
    this.sql = sql;
    this.pos = from;
  }

  static List<Token> tokenize(String sql) {
    SqlTokenizer t = new SqlTokenizer(sql, 0);
    while (t.pos < sql.length()) {
      t.step();
    }
    return t.tokens;
  }

  /**
   * The tokens of the one statement that starts at {@code from}, up to and including the {@code ;}
   * that ends it, the way psql finds it: a semicolon inside parentheses, or inside the {@code BEGIN
   * ... END} body of a {@code CREATE FUNCTION} or {@code PROCEDURE} written in standard SQL ({@code
   * BEGIN ATOMIC}), does not end the statement.
   */
  static List<Token> statementAt(String sql, int from) {
    SqlTokenizer t = new SqlTokenizer(sql, from);
    int parens = 0;
    int blocks = 0;
    boolean routine = false;
    while (t.pos < sql.length()) {
      int before = t.tokens.size();
      t.step();
      if (t.tokens.size() == before) {
        continue;
      }
      Token token = t.tokens.get(before);
      if (before < 6 && (token.isWord("function") || token.isWord("procedure"))) {
        routine = t.tokens.get(0).isWord("create");
      }
      if (token.isSymbol("(") || token.isSymbol("[")) {
        parens++;
      } else if (token.isSymbol(")") || token.isSymbol("]")) {
        parens = Math.max(0, parens - 1);
      } else if (routine && (token.isWord("begin") || token.isWord("case"))) {
        blocks++;
      } else if (routine && token.isWord("end")) {
        blocks = Math.max(0, blocks - 1);
      } else if (token.isSymbol(";") && parens == 0 && blocks == 0) {
        break;
      }
    }
    return t.tokens;
  }

  /** Reads one token, or skips one run of white space or one comment. */
  private void step() {
    char c = sql.charAt(pos);
    int start = pos;
    if (Character.isWhitespace(c)) {
      pos++;
    } else if (sql.startsWith("--", pos)) {
      int eol = sql.indexOf('\n', pos);
      pos = eol < 0 ? sql.length() : eol + 1;
    } else if (sql.startsWith("/*", pos)) {
      skipBlockComment();
    } else if (c == '\'') {
      add(Kind.STRING, quoted('\'', false), start);
    } else if ((c == 'e' || c == 'E') && at(pos + 1) == '\'') {
      pos++;
      add(Kind.STRING, quoted('\'', true), start);
    } else if (c == '"') {
      add(Kind.IDENT, quoted('"', false), start);
    } else if (c == '$' && Character.isDigit(at(pos + 1))) {
      pos++;
      while (Character.isDigit(at(pos))) {
        pos++;
      }
      add(Kind.PARAM, sql.substring(start, pos), start);
    } else if (c == '$' && dollarTag() != null) {
      add(Kind.STRING, dollarQuoted(), start);
    } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(at(pos + 1)))) {
      while (Character.isLetterOrDigit(at(pos)) || at(pos) == '.') {
        pos++;
      }
      add(Kind.NUMBER, sql.substring(start, pos), start);
    } else if (Character.isLetter(c) || c == '_') {
      while (Character.isLetterOrDigit(at(pos)) || at(pos) == '_' || at(pos) == '$') {
        pos++;
      }
      add(Kind.WORD, sql.substring(start, pos).toLowerCase(Locale.ROOT), start);
    } else if (c == '?') {
      pos++;
      add(Kind.PARAM, "?", start);
    } else if (sql.startsWith("::", pos)) {
      pos += 2;
      add(Kind.SYMBOL, "::", start);
    } else {
      pos++;
      add(Kind.SYMBOL, String.valueOf(c), start);
    }
  }

  private void add(Kind kind, String text, int start) {
    tokens.add(new Token(kind, text, start, pos));
  }

  private char at(int i) {
    return i < sql.length() ? sql.charAt(i) : '\0';
  }

  /** Block comments nest in PostgreSQL. An unterminated one runs to the end. */
  private void skipBlockComment() {
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
  }

  /** The text between {@code quote}s; a doubled quote is one, and backslash escapes when asked. */
  private String quoted(char quote, boolean backslashEscapes) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos++);
      if (backslashEscapes && c == '\\' && pos < sql.length()) {
        value.append(sql.charAt(pos++));
      } else if (c == quote && at(pos) == quote) {
        value.append(quote);
        pos++;
      } else if (c == quote) {
        break;
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  /** The $tag$ starting here, or null when this $ starts no dollar quote. */
  private String dollarTag() {
    int i = pos + 1;
    while (Character.isLetterOrDigit(at(i)) || at(i) == '_') {
      i++;
    }
    return at(i) == '$' && !Character.isDigit(at(pos + 1)) ? sql.substring(pos, i + 1) : null;
  }

  private String dollarQuoted() {
    String tag = dollarTag();
    int bodyStart = pos + tag.length();
    int end = sql.indexOf(tag, bodyStart);
    pos = end < 0 ? sql.length() : end + tag.length();
    return sql.substring(bodyStart, end < 0 ? sql.length() : end);
  }
}
