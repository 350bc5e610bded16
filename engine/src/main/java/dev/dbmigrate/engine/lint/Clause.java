package dev.dbmigrate.engine.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of tokens: a whole statement, or a part of one such as one action of an ALTER TABLE or one
 * column of a CREATE TABLE. Searches look at the top level only (outside parentheses) unless they
 * say otherwise, so a word inside a CHECK expression or a default is not taken for a keyword.
 */
final class Clause {

  private final String sql;
  private final List<Token> tokens;

  Clause(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  /** Each statement of {@code sql}, split at top-level semicolons; empty statements dropped. */
  static List<Clause> statements(String sql) {
    List<Token> all = SqlTokenizer.tokenize(sql);
    List<Clause> statements = new ArrayList<>();
    int from = 0;
    int depth = 0;
    for (int i = 0; i <= all.size(); i++) {
      Token t = i < all.size() ? all.get(i) : null;
      if (t != null && (t.isSymbol("(") || t.isSymbol("["))) {
        depth++;
      } else if (t != null && (t.isSymbol(")") || t.isSymbol("]"))) {
        depth = Math.max(0, depth - 1);
      } else if (t == null || (t.isSymbol(";") && depth == 0)) {
        if (i > from) {
          statements.add(new Clause(sql, all.subList(from, i)));
        }
        from = i + 1;
      }
    }
    return statements;
  }

  int size() {
    return tokens.size();
  }

  /**
   * The token at {@code i}, or an empty symbol past the end, so look-ahead needs no bounds checks.
   */
  Token get(int i) {
    return i >= 0 && i < tokens.size() ? tokens.get(i) : new Token(Token.Kind.SYMBOL, "", 0, 0);
  }

  /** The SQL text this clause was read from, as written. */
  String text() {
    return tokens.isEmpty()
        ? ""
        : sql.substring(tokens.get(0).start(), tokens.get(size() - 1).end());
  }

  boolean isWord(int i, String word) {
    return get(i).isWord(word);
  }

  /** Whether the words {@code seq} stand at {@code i}, in order. */
  boolean wordsAt(int i, String... seq) {
    for (int k = 0; k < seq.length; k++) {
      if (!isWord(i + k, seq[k])) {
        return false;
      }
    }
    return true;
  }

  boolean startsWith(String... seq) {
    return wordsAt(0, seq);
  }

  /** {@code i} moved past {@code seq} when it stands there, else {@code i}. */
  int skip(int i, String... seq) {
    return wordsAt(i, seq) ? i + seq.length : i;
  }

  /** {@code i} moved past one of {@code words} when one stands there. */
  int skipAny(int i, String... words) {
    for (String w : words) {
      if (isWord(i, w)) {
        return i + 1;
      }
    }
    return i;
  }

  /** Where the words {@code seq} first stand at the top level, from {@code from}; -1 if nowhere. */
  int find(int from, String... seq) {
    int depth = 0;
    for (int i = from; i < size(); i++) {
      if (depth == 0 && wordsAt(i, seq)) {
        return i;
      }
      depth += depthChange(get(i));
    }
    return -1;
  }

  boolean has(String... seq) {
    return find(0, seq) >= 0;
  }

  /** Whether {@code word} stands anywhere, inside parentheses too. */
  boolean hasAnywhere(String word) {
    return tokens.stream().anyMatch(t -> t.isWord(word));
  }

  /** The index of the parenthesis that closes the one at {@code open}; size() when unclosed. */
  int closing(int open) {
    int depth = 0;
    for (int i = open; i < size(); i++) {
      depth += depthChange(get(i));
      if (depth == 0) {
        return i;
      }
    }
    return size();
  }

  /** Tokens {@code from} (inclusive) to {@code to} (exclusive). */
  Clause sub(int from, int to) {
    int f = Math.min(Math.max(0, from), size());
    return new Clause(sql, tokens.subList(f, Math.max(f, Math.min(to, size()))));
  }

  Clause from(int i) {
    return sub(i, size());
  }

  /** The parts between top-level commas, from {@code from} to {@code to}. */
  List<Clause> splitCommas(int from, int to) {
    List<Clause> parts = new ArrayList<>();
    int start = from;
    int depth = 0;
    for (int i = from; i < to; i++) {
      Token t = get(i);
      if (depth == 0 && t.isSymbol(",")) {
        parts.add(sub(start, i));
        start = i + 1;
      }
      depth += depthChange(t);
    }
    if (to > start) {
      parts.add(sub(start, to));
    }
    return parts;
  }

  /**
   * The relation named at {@code i}, as PostgreSQL resolves its last part: {@code "s"."t"}, {@code
   * s.t} and {@code T} all name t. Null when no name stands there.
   */
  String nameAt(int i) {
    return get(i).isName() ? get(nameEnd(i) - 1).text() : null;
  }

  /** The index after the possibly qualified name at {@code i}. */
  int nameEnd(int i) {
    int end = i + 1;
    while (get(end).isSymbol(".") && get(end + 1).isName()) {
      end += 2;
    }
    return end;
  }

  private static int depthChange(Token t) {
    if (t.isSymbol("(") || t.isSymbol("[")) {
      return 1;
    }
    return t.isSymbol(")") || t.isSymbol("]") ? -1 : 0;
  }
}
