package dev.dbmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in-process through {@link Cli#run} with an explicit environment and working folder,
 * so no test depends on the developer's own variables, config files or caches.
 */
final class CliRunner {

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String stderr) {

    /** Everything printed, for assertions that do not care which stream carried it. */
    String all() {
      return out + stderr;
    }

    /**
     * Stderr without the lines that name the target before connecting ({@code dbmigrate: target:},
     * {@code note:}, {@code created database}), so a test of an error reads the error; {@link
     * #stderr()} has everything.
     */
    String err() {
      return String.join("", errorLines().stream().map(l -> l + "\n").toList());
    }

    /** Asserts the exit code, showing both streams when it differs. */
    Result assertExit(int expected) {
      assertEquals(expected, exitCode, () -> "unexpected exit code; " + this);
      return this;
    }

    /** Asserts that nothing printed looks like a Java stack trace. */
    Result assertNoStackTrace() {
      assertFalse(all().contains("\tat "), () -> "a stack trace was printed; " + this);
      assertFalse(all().contains("Exception:"), () -> "an exception was printed; " + this);
      return this;
    }

    /**
     * Asserts that stderr is exactly one line starting with dbmigrate's error prefix, besides the
     * lines that name the target before connecting.
     */
    Result assertOneLineError() {
      List<String> lines = errorLines();
      assertEquals(1, lines.size(), () -> "expected a one-line error; " + this);
      assertFalse(
          !lines.get(0).startsWith("dbmigrate: error: "), () -> "unexpected error prefix; " + this);
      return this;
    }

    /** Stderr without the target line and the notes that say which source won. */
    List<String> errorLines() {
      return stderr
          .lines()
          .filter(
              l ->
                  !l.startsWith("dbmigrate: target: ")
                      && !l.startsWith("dbmigrate: note: ")
                      && !l.startsWith("dbmigrate: created database "))
          .toList();
    }

    /** Asserts that {@code secret} appears nowhere in the output. */
    Result assertNotPrinted(String secret) {
      assertFalse(all().contains(secret), () -> "'" + secret + "' was printed; " + this);
      return this;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + stderr + "---";
    }
  }

  private final Map<String, String> env;
  private final Path workingDir;
  private final Path migrationsDir;
  private final Path cacheDir;

  private CliRunner(Map<String, String> env, Path workingDir, Path migrationsDir, Path cacheDir) {
    this.env = Map.copyOf(env);
    this.workingDir = workingDir;
    this.migrationsDir = migrationsDir;
    this.cacheDir = cacheDir;
  }

  /**
   * A project under {@code tmp}: {@code tmp/work} is the working folder, {@code tmp/migrations} the
   * migrations source root and {@code tmp/cache} the compile cache, all passed by environment
   * together with the connection to {@code db}.
   */
  static CliRunner forProject(PostgresDatabase db, Path tmp) throws IOException {
    return forProject(db.url(), db.user(), db.password(), tmp);
  }

  /**
   * As {@link #forProject(PostgresDatabase, Path)}, for any server; a null or empty password is not
   * set.
   */
  static CliRunner forProject(String url, String user, String password, Path tmp)
      throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path migrations = Files.createDirectories(tmp.resolve("migrations"));
    Path cache = tmp.resolve("cache");
    Map<String, String> env = new HashMap<>();
    env.put("DBMIGRATE_URL", url);
    env.put("DBMIGRATE_USER", user);
    if (password != null && !password.isEmpty()) {
      env.put("DBMIGRATE_PASSWORD", password);
    }
    env.put("DBMIGRATE_MIGRATIONS_DIR", migrations.toString());
    env.put("DBMIGRATE_CACHE_DIR", cache.toString());
    return new CliRunner(env, work, migrations, cache);
  }

  /** A copy with {@code key} set to {@code value}, or removed when value is null. */
  CliRunner withEnv(String key, String value) {
    Map<String, String> copy = new HashMap<>(env);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new CliRunner(copy, workingDir, migrationsDir, cacheDir);
  }

  /** A copy that runs in another working folder. */
  CliRunner in(Path dir) {
    return new CliRunner(env, dir, migrationsDir, cacheDir);
  }

  CliRunner withoutEnv(String key) {
    return withEnv(key, null);
  }

  Path workingDir() {
    return workingDir;
  }

  Path migrationsDir() {
    return migrationsDir;
  }

  Path cacheDir() {
    return cacheDir;
  }

  MigrationFiles files() {
    return new MigrationFiles(migrationsDir);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code = Cli.run(args, o, e, env, workingDir);
    }
    return new Result(code, out.toString(), err.toString());
  }
}
