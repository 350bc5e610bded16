package dev.dbmigrate.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scripts in {@code bin/} run on bash 3.2, the bash of stock macOS, as well as on the bash 5 of
 * Linux. No bash 3.2 runs here, so this reads them for what 3.2 lacks: each construct below is from
 * bash 4.0 or later, and an empty array expanded as {@code "${a[@]}"} under {@code set -u} is an
 * "unbound variable" error before bash 4.4; {@code ${a[@]+"${a[@]}"}} expands it on every version.
 */
class ShellScriptsTest {

  private static final Map<String, Pattern> BASH_4_ONLY =
      Map.ofEntries(
          Map.entry("mapfile/readarray (bash 4.0)", Pattern.compile("\\b(mapfile|readarray)\\b")),
          Map.entry(
              "associative array (bash 4.0)",
              Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*A")),
          Map.entry(
              "name reference (bash 4.3)",
              Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*n\\b")),
          Map.entry(
              "case conversion ${x,,} ${x^^} (bash 4.0)",
              Pattern.compile("\\$\\{[#!]?[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?(,|\\^)")),
          Map.entry(
              "transformation ${x@Q} (bash 4.4)",
              Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?@[QEPAaKkUuL]}")),
          Map.entry("&>> or |& (bash 4.0)", Pattern.compile("&>>|\\|&")),
          Map.entry("coproc (bash 4.0)", Pattern.compile("\\bcoproc\\b")),
          Map.entry(
              "shopt globstar/lastpipe/... (bash 4.x)",
              Pattern.compile("shopt\\s+-s\\s+(globstar|lastpipe|autocd|dirspell|checkjobs)")),
          Map.entry("negative array index (bash 4.3)", Pattern.compile("\\[-[0-9]+]}")),
          Map.entry("wait -n (bash 4.3)", Pattern.compile("\\bwait\\s+-n\\b")),
          Map.entry(
              "$EPOCHSECONDS, $BASHPID without a default (bash 4.x/5)",
              Pattern.compile("\\$\\{?(EPOCHSECONDS|EPOCHREALTIME|BASHPID)(?!:-)")));

  /** {@code "${name[@]}"} or {@code "${name[*]}"} not inside the guarded form. */
  private static final Pattern BARE_ARRAY =
      Pattern.compile("(?<!\\+)\"\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[[@*]]}\"");

  /** Arrays assigned a literal with at least one word, which are never empty. */
  private static final Pattern NON_EMPTY_LITERAL =
      Pattern.compile("(?:^|[\\s;])([A-Za-z_][A-Za-z0-9_]*)=\\(\\s*[^)\\s]");

  private static List<Path> scripts() throws IOException {
    Path bin = Path.of("").toAbsolutePath().getParent().resolve("bin");
    List<Path> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.list(bin)) {
      for (Path p : files.sorted().toList()) {
        if (Files.isRegularFile(p)
            && Files.readString(p, StandardCharsets.UTF_8).startsWith("#!/usr/bin/env bash")) {
          scripts.add(p);
        }
      }
    }
    assertTrue(scripts.size() >= 4, "bash scripts in " + bin + ": " + scripts);
    return scripts;
  }

  @Test
  void no_script_uses_what_bash_3_2_lacks() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path script : scripts()) {
      List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String code = withoutComment(lines.get(i));
        for (Map.Entry<String, Pattern> rule : BASH_4_ONLY.entrySet()) {
          if (rule.getValue().matcher(code).find()) {
            found.add(script.getFileName() + ":" + (i + 1) + ": " + rule.getKey() + ": " + code);
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void an_array_that_can_be_empty_is_expanded_in_the_form_set_u_accepts_on_bash_3_2()
      throws IOException {
    List<String> found = new ArrayList<>();
    for (Path script : scripts()) {
      List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
      List<String> neverEmpty = new ArrayList<>(List.of("BASH_SOURCE", "BASH_VERSINFO"));
      for (String line : lines) {
        Matcher m = NON_EMPTY_LITERAL.matcher(line);
        while (m.find()) {
          String name = m.group(1);
          if (lines.stream().noneMatch(l -> l.matches(".*\\b" + name + "=\\(\\s*\\).*"))) {
            neverEmpty.add(name);
          }
        }
      }
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = BARE_ARRAY.matcher(withoutComment(lines.get(i)));
        while (m.find()) {
          if (!neverEmpty.contains(m.group(1))) {
            found.add(script.getFileName() + ":" + (i + 1) + ": " + m.group());
          }
        }
      }
    }
    assertEquals(List.of(), found, "write ${a[@]+\"${a[@]}\"} for an array that may be empty");
  }

  /** The line without a trailing comment; good enough for these scripts' comments. */
  private static String withoutComment(String line) {
    String trimmed = line.stripLeading();
    if (trimmed.startsWith("#")) {
      return "";
    }
    int hash = line.indexOf(" #");
    return hash < 0 ? line : line.substring(0, hash);
  }
}
