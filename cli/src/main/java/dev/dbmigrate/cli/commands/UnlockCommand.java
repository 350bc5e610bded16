package dev.dbmigrate.cli.commands;

import dev.dbmigrate.cli.ExitCodes;
import dev.dbmigrate.cli.Json;
import dev.dbmigrate.cli.config.Settings;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.LockHolder;
import dev.dbmigrate.engine.Migrator;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * knex users run {@code unlock} after a crash. Here the lock belongs to a database session and
 * vanishes with it, so there is never a stale lock to release: this reports who holds it, and
 * releases nothing a live run holds.
 */
@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    description = {
      "Show who holds the migration lock. The lock is tied to the holder's database session and"
          + " disappears when that session ends (even after kill -9), so there is never a stale"
          + " lock to release; a live run's lock is never taken away.",
      "Exits 0 when the lock is free, 6 when a live session holds it."
    })
final class UnlockCommand extends DatabaseCommand {

  @Override
  int execute(Migrator migrator, Settings settings) {
    Optional<LockHolder> holder = migrator.lockStatus().holder();
    if (json()) {
      Map<String, Object> reply = Json.object();
      reply.put("command", "unlock");
      reply.put("success", true);
      reply.put("target", targetJson());
      reply.put("locked", holder.isPresent());
      reply.put("holder", holder.map(LockHolder::describe).orElse(null));
      reply.put("pid", holder.map(LockHolder::pid).orElse(null));
      out().println(Json.write(reply));
    } else if (holder.isEmpty()) {
      out().println("The migration lock is free; nothing to release.");
    } else {
      LockHolder h = holder.get();
      out().println("The migration lock is held by a live session: " + h.describe() + ".");
      out()
          .println(
              "It is not released: it ends when that run ends. If that session is stuck,"
                  + " end it in the database: SELECT pg_terminate_backend("
                  + h.pid()
                  + ");");
    }
    out().flush();
    return holder.isEmpty() ? ExitCodes.OK : ExitCodes.of(ErrorCode.LOCKED);
  }

  @Override
  boolean createsDefaultDatabase() {
    return false;
  }
}
