package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations a change adds, as git sees them: files added since a ref (committed, staged or
 * not) and files git does not track yet, for {@code lint --since <ref>}. A pull request's check
 * then judges only the migrations it brings, not history that already ran. git runs as a process,
 * since it is on every machine that has the repository and no library reads every repository format
 * it writes.
 */
final class AddedMigrations {

  private static final Pattern JAVA = Pattern.compile("M(\\d{14}_\\w+)\\.java");
  private static final Pattern SQL = Pattern.compile("(\\d{14}_.+)\\.up\\.sql");
  private static final long TIMEOUT_SECONDS = 60;

  private AddedMigrations() {}

  /**
   * The names of the migrations added in the repository around {@code folder} since {@code ref}.
   */
  static Set<String> since(String ref, Path folder) {
    if (ref.isBlank() || ref.startsWith("-")) {
      throw refused(ref, "it is not a git ref");
    }
    Set<String> names = new LinkedHashSet<>();
    for (String path :
        git(folder, ref, "diff", "--name-only", "--diff-filter=A", "-z", ref, "--")) {
      nameOf(path).ifPresent(names::add);
    }
    for (String path : git(folder, ref, "ls-files", "--others", "--exclude-standard", "-z")) {
      nameOf(path).ifPresent(names::add);
    }
    return names;
  }

  static java.util.Optional<String> nameOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    for (Pattern p : List.of(JAVA, SQL)) {
      Matcher m = p.matcher(file);
      if (m.matches()) {
        return java.util.Optional.of(m.group(1));
      }
    }
    return java.util.Optional.empty();
  }

  private static List<String> git(Path folder, String ref, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      throw refused(ref, "git cannot be started (" + e.getMessage() + "); install git");
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw refused(ref, "git did not answer within " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw refused(ref, "git says: " + err.get().strip());
      }
      String text = out.get();
      List<String> paths = new ArrayList<>();
      int from = 0;
      for (int nul = text.indexOf('\0'); nul >= 0; nul = text.indexOf('\0', from)) {
        if (nul > from) {
          paths.add(text.substring(from, nul));
        }
        from = nul + 1;
      }
      return paths;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw refused(ref, "interrupted while git ran");
    } catch (ExecutionException e) {
      throw refused(ref, "git's output could not be read (" + e.getCause() + ")");
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MigrationException refused(String ref, String why) {
    return new MigrationException(
        ErrorCode.CONFIGURATION,
        "since",
        "--since "
            + ref
            + ": "
            + why
            + "; give a branch, tag or commit of the repository that holds the migrations"
            + " (e.g. --since origin/main)",
        null);
  }
}
