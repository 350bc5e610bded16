package dev.dbmigrate.cli.fleet;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.settings.FleetLines;
import dev.dbmigrate.engine.settings.Setting;
import dev.dbmigrate.engine.settings.SettingsTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet file: one target per line, {@code <name> <jdbc-url or secret id> [tenant schema]
 * [setting=value ...]}; blank lines and {@code #} comments are skipped. The whole file is read and
 * checked ({@link FleetLines}, which the Lambda function's fleet-targets reads S3 objects with too)
 * before anything runs, so a bad line stops the fleet, naming its file and line, before any target
 * is touched.
 */
public final class FleetFile {

  static final String FORMAT = FleetLines.FORMAT;

  /** What a line may set besides its target and schema: how to log in, how carefully to migrate. */
  static final List<Setting<?>> LINE_SETTINGS = FleetLines.LINE_SETTINGS;

  private FleetFile() {}

  public static List<FleetTarget> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION, "cannot read the fleet file " + file + ": " + e.getMessage(), e);
    }
    return parse(file, lines);
  }

  static List<FleetTarget> parse(Path file, List<String> lines) {
    List<FleetTarget> targets = new ArrayList<>();
    for (FleetLines.Line line : FleetLines.parse(file.toString(), lines)) {
      Map<String, String> settings = new LinkedHashMap<>(line.settings());
      String passwordFile = settings.get(SettingsTable.PASSWORD_FILE.key());
      if (passwordFile != null) {
        // Relative to the fleet file, as a config file's password-file is to its folder.
        Path dir = file.toAbsolutePath().getParent();
        settings.put(
            SettingsTable.PASSWORD_FILE.key(), dir.resolve(passwordFile).normalize().toString());
      }
      targets.add(new FleetTarget(line.name(), file + ":" + line.number(), settings));
    }
    return List.copyOf(targets);
  }
}
