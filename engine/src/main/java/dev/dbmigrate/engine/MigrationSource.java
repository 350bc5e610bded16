package dev.dbmigrate.engine;

import dev.dbmigrate.engine.spi.SqlSyntax;
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

  /**
   * As {@link #migrations()}, with SQL migration files read by the rules of {@code syntax}, the
   * target engine's (the engine asks for this once it knows the target). A source without SQL files
   * need not override it.
   */
  default List<AvailableMigration> migrations(SqlSyntax syntax) {
    return migrations();
  }

  /** The migrations of every source, together: Java classes and SQL files in one list. */
  static MigrationSource concat(List<MigrationSource> sources) {
    return new MigrationSource() {
      @Override
      public List<AvailableMigration> migrations() {
        return migrations(SqlSyntax.POSTGRESQL);
      }

      @Override
      public List<AvailableMigration> migrations(SqlSyntax syntax) {
        List<AvailableMigration> all = new ArrayList<>();
        sources.forEach(s -> all.addAll(s.migrations(syntax)));
        return all;
      }
    };
  }
}
