package dev.dbmigrate.engine.spi;

/**
 * The lexical rules a SQL text is cut into statements by: where quotes, quoted names and comments
 * begin and end. A SQL migration file is read with the rules of the engine it runs on, so its
 * checksum and its statements are that engine's.
 */
public enum SqlSyntax {
  /** psql's rules: '...', E'...', "...", $tag$...$tag$, -- and nested block comments. */
  POSTGRESQL,
  /**
   * The mysql client's rules: '...' and "..." with backslash escapes, `...` names, #, "-- " and
   * block comments (the executable ones, slash-star-bang, are sent as written).
   */
  MYSQL
}
