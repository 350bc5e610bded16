package dev.dbmigrate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The lint corpus in {@code bench/lint/corpus}: one SQL migration (or a pending set of several) per
 * file, with what the linter must find in its header. The engine's corpus test checks dbmigrate's
 * findings against the header and runs the SQL on PostgreSQL; the bench comparison runs Squawk over
 * the same files. The format is in {@code bench/lint/README.md}.
 */
public final class LintCorpus {

  /** The file every case's database starts from: the tables a real application already has. */
  public static final String COMMON_SETUP = "_setup.sql";

  /**
   * One case.
   *
   * @param name the file name without {@code .sql}
   * @param rules the rules the case is about (header {@code rule:})
   * @param expect every rule id dbmigrate must report, and no other (header {@code expect:})
   * @param differs why dbmigrate's verdict differs from Squawk's, or null (header {@code differs:})
   * @param postgresRefuses why PostgreSQL or dbmigrate refuses to run the case, or null when it
   *     runs (header {@code postgres: refuses ...})
   * @param knownWrong dbmigrate's known errors on the case, so its tests still pin its output:
   *     {@code +PG008} for a finding it reports though the case does not expect it, {@code -PG001}
   *     for one it misses (header {@code known: +PG008: why})
   * @param setup SQL run before the migrations and not linted: what already exists
   * @param migrations the migrations, in order, as one pending set
   */
  public record Case(
      String name,
      Set<String> rules,
      Set<String> expect,
      String differs,
      String postgresRefuses,
      Set<String> knownWrong,
      String setup,
      List<Migration> migrations) {

    /** What dbmigrate reports today: the expected rules, with its known errors applied. */
    public Set<String> reported() {
      Set<String> rules = new java.util.TreeSet<>(expect);
      for (String k : knownWrong) {
        if (k.startsWith("+")) {
          rules.add(k.substring(1));
        } else {
          rules.remove(k.substring(1));
        }
      }
      return rules;
    }
  }

  /**
   * One migration of a case.
   *
   * @param name e.g. 20260101000001_AddIndex
   * @param sql the up file's text; its first line may be {@code -- dbmigrate:no-transaction}
   */
  public record Migration(String name, String sql) {

    public boolean transactional() {
      return !sql.strip().startsWith("-- dbmigrate:no-transaction");
    }
  }

  private LintCorpus() {}

  /** The corpus folder of this checkout, from a module's working folder. */
  public static Path folder() {
    return Path.of(System.getProperty("user.dir"))
        .toAbsolutePath()
        .resolveSibling("bench")
        .resolve("lint")
        .resolve("corpus");
  }

  /** Every case of {@code folder}, in name order. */
  public static List<Case> read(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Case> cases = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (file.endsWith(".sql") && !file.equals(COMMON_SETUP)) {
          cases.add(parse(file.substring(0, file.length() - 4), text(f)));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String commonSetup(Path folder) {
    return text(folder.resolve(COMMON_SETUP));
  }

  /** Writes each migration of {@code c} as {@code <name>.up.sql} into {@code dir}. */
  public static void write(Case c, Path dir) {
    try {
      Files.createDirectories(dir);
      for (Migration m : c.migrations()) {
        Files.writeString(dir.resolve(m.name() + ".up.sql"), m.sql(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Case parse(String name, String text) {
    List<String> lines = Arrays.asList(text.split("\n", -1));
    Set<String> rules = new LinkedHashSet<>();
    Set<String> expect = new LinkedHashSet<>();
    String differs = null;
    String refuses = null;
    Set<String> known = new LinkedHashSet<>();
    boolean sawExpect = false;
    int i = 0;
    for (; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int colon = line.indexOf(':');
      if (!line.startsWith("-- ") || colon < 0 || line.startsWith("-- dbmigrate:")) {
        break;
      }
      String key = line.substring(3, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "rule" -> rules.addAll(ids(value));
        case "expect" -> {
          expect.addAll(ids(value));
          sawExpect = true;
        }
        case "differs" -> differs = differs == null ? value : differs + " " + value;
        case "postgres" -> refuses = value;
        case "known" -> known.addAll(ids(value.substring(0, Math.max(0, value.indexOf(':')))));
        default -> throw new IllegalArgumentException(name + ": unknown header key '" + key + "'");
      }
    }
    if (!sawExpect) {
      throw new IllegalArgumentException(name + ": no 'expect:' line (write 'expect:' for none)");
    }
    StringBuilder setup = new StringBuilder();
    List<Migration> migrations = new ArrayList<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    boolean inSetup = false;
    for (; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().equals("-- setup")) {
        inSetup = true;
      } else if (line.startsWith("-- migration ")) {
        if (current != null) {
          migrations.add(new Migration(current, body.toString()));
        }
        current = line.substring("-- migration ".length()).strip();
        body = new StringBuilder();
        inSetup = false;
      } else if (inSetup) {
        setup.append(line).append('\n');
      } else if (current != null || !line.isBlank()) {
        if (current == null) {
          current = "20260101000001_Case";
        }
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      migrations.add(new Migration(current, body.toString()));
    }
    if (migrations.isEmpty()) {
      throw new IllegalArgumentException(name + ": no migration");
    }
    return new Case(
        name,
        Set.copyOf(rules),
        Set.copyOf(expect),
        differs,
        refuses,
        Set.copyOf(known),
        setup.toString(),
        List.copyOf(migrations));
  }

  private static List<String> ids(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String text(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
