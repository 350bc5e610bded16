package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.cli.db.Database;
import dev.dbmigrate.engine.settings.Target;
import java.io.PrintWriter;
import java.util.List;

/**
 * Says on stderr what a run is about to touch, before it connects: in text mode the target line, in
 * both modes which source won where sources disagree. With {@code --json} the target is a field of
 * the reply instead.
 */
final class TargetPrinter implements Database.Listener {

  private final PrintWriter err;
  private final boolean json;
  private final Settings settings;

  TargetPrinter(PrintWriter err, boolean json, Settings settings) {
    this.err = err;
    this.json = json;
    this.settings = settings;
  }

  @Override
  public void connecting(Target target, List<String> notes) {
    if (!json) {
      err.println(
          "dbmigrate: target: "
              + target.describe()
              + (settings.environmentChosenBy() == null
                  ? ""
                  : ", chosen by " + settings.environmentChosenBy()));
    }
    settings.connection().notes().forEach(n -> err.println("dbmigrate: note: " + n));
    notes.forEach(n -> err.println("dbmigrate: note: " + n));
    err.flush();
  }

  @Override
  public void created(Target target) {
    err.println(
        "dbmigrate: created database "
            + target.database()
            + " on "
            + target.address()
            + " (the default database; choose another with --database or --url)");
    err.flush();
  }
}
