package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.settings.Target;

/** A command that may have connected: its target goes into the JSON of a failure too. */
public interface ConnectedCommand {

  /** What the command connected to, or null when it did not get that far. */
  Target target();
}
