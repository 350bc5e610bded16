package dev.dbmigrate.engine.spi;

import java.util.List;

/**
 * The statements that open and close a transactional SQL migration when they travel in the round
 * trips of its own statements ({@link DatabaseAdapter#scriptFrame}): each a literal SQL statement
 * without its semicolon. Every statement yields exactly one result, so the engine can tell that the
 * driver sent them all.
 *
 * @param opening sent before the migration's first statement, in its round trip
 * @param closing sent after the migration's last statement, in its round trip; ends with the COMMIT
 */
public record ScriptFrame(List<String> opening, List<String> closing) {

  public ScriptFrame {
    opening = List.copyOf(opening);
    closing = List.copyOf(closing);
  }
}
