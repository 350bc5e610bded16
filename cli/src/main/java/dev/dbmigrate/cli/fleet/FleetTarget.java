package dev.dbmigrate.cli.fleet;

import java.util.Map;

/**
 * One target of a fleet: its name, where it was defined (for messages), and the settings it gives
 * by key, which beat the command line's for that target.
 *
 * @param origin {@code fleet.txt:12}, or the config file's environment
 * @param settings by settings-table key, e.g. {@code url}, {@code tenant-schema}, {@code env}
 */
public record FleetTarget(String name, String origin, Map<String, String> settings) {

  public FleetTarget {
    settings = Map.copyOf(settings);
  }
}
