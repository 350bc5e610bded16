package dev.dbmigrate.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Where migrations come from: compiled from source files by the CLI, or found on the classpath of a
 * packaged jar. Implementations find migrations by their class names; there is no registry.
 */
public interface MigrationSource {

  /**
   * Every migration available, in any order. Listing must be cheap: a migration's class is loaded
   * only when {@link AvailableMigration#load()} is called, so a run with nothing pending loads
   * none.
   *
   * @throws MigrationException {@link ErrorCode#INVALID_MIGRATIONS} for a class that claims to be a
   *     migration but is badly named, {@link ErrorCode#COMPILATION} when sources do not compile
   */
  List<AvailableMigration> migrations();

  /** The migrations of every source, together: Java classes and SQL files in one list. */
  static MigrationSource concat(List<MigrationSource> sources) {
    return () -> {
      List<AvailableMigration> all = new ArrayList<>();
      sources.forEach(s -> all.addAll(s.migrations()));
      return all;
    };
  }
}
