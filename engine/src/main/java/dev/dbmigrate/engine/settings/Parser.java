package dev.dbmigrate.engine.settings;

/**
 * Reads and checks a setting's text. The reason it throws completes a sentence that starts with the
 * setting's name and value: {@code --port '99999'} + {@code "is not a TCP port (1-65535)"}.
 *
 * @param <T> the parsed value's type
 */
@FunctionalInterface
public interface Parser<T> {

  T parse(String text) throws BadValue;

  /** True for a value that must never be repeated in a message (a password). */
  default boolean secret() {
    return false;
  }

  /** Why a value was refused, worded to follow the setting's name and value. */
  final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    public BadValue(String reason) {
      super(reason, null, false, false);
    }
  }
}
