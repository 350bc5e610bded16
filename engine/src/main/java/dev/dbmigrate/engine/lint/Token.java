package dev.dbmigrate.engine.lint;

/**
 * One SQL token, normalized the way PostgreSQL reads it: an unquoted word in lower case, a quoted
 * identifier exactly as written between its quotes, a string literal by its value.
 *
 * @param start offset of the token's first character in the SQL text
 * @param end offset after its last character
 */
record Token(Kind kind, String text, int start, int end) {

  enum Kind {
    /** An unquoted keyword or identifier, lower case. */
    WORD,
    /** A "quoted identifier", case kept. */
    IDENT,
    /** A string literal ('...', E'...', $$...$$), by its value. */
    STRING,
    NUMBER,
    /** Punctuation or an operator: ( ) , ; . :: = and the like. */
    SYMBOL,
    /** A bind variable: ? or $1. */
    PARAM
  }

  boolean isWord(String word) {
    return kind == Kind.WORD && text.equals(word);
  }

  /** An identifier, quoted or not. */
  boolean isName() {
    return kind == Kind.WORD || kind == Kind.IDENT;
  }

  /** The identifier {@code name}, written quoted or not; {@code name} must be lower case. */
  boolean isName(String name) {
    return isName() && text.equals(name);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }
}
