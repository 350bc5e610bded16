package dev.dbmigrate.bench.lint;

import dev.dbmigrate.testing.LintCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs dbmigrate's linter and Squawk over the corpus and prints, per shared rule, how often they
 * agree and how each does against the corpus's expected findings, as Markdown: for each held-out
 * set on its own, then for the whole corpus. A pair counts as agreeing only when both linters give
 * the expected verdict; as "dbmigrate provably right" only when dbmigrate matches the expectation,
 * Squawk does not, and the case says why ({@code -- differs:}); every other pair, dbmigrate wrong
 * with Squawk wrong alike included, is open.
 *
 * <p>Usage: {@code LintComparison --corpus bench/lint/corpus --squawk <binary> [--pg-version 18]}
 */
public final class LintComparison {

  /** One case and one shared rule: what each linter said, and what the case expects. */
  record Cell(LintCorpus.Case c, Bucket bucket, boolean truth, boolean ours, boolean squawk) {}

  private LintComparison() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    Path corpus = Path.of(opts.getOrDefault("--corpus", "bench/lint/corpus"));
    Path squawk = Path.of(opts.getOrDefault("--squawk", "squawk"));
    String pgVersion = opts.getOrDefault("--pg-version", "18");
    List<Cell> cells = new ArrayList<>();
    Path work = Files.createTempDirectory("lint-comparison");
    List<LintCorpus.Case> cases = LintCorpus.read(corpus);
    for (LintCorpus.Case c : cases) {
      Path dir = work.resolve(c.name());
      Set<String> ours = CaseVerdicts.ours(c, corpus, dir);
      Set<String> theirs = CaseVerdicts.squawk(c, dir, squawk, pgVersion);
      for (Bucket b : Bucket.ALL) {
        Set<String> about = new HashSet<>(c.rules());
        about.addAll(c.expect());
        boolean truth = b.firedByUs(c.expect());
        boolean o = b.firedByUs(ours);
        boolean s = b.firedBySquawk(theirs);
        if (b.firedByUs(about) || o || s) {
          cells.add(new Cell(c, b, truth, o, s));
        }
      }
    }
    System.out.print(report(cases.size(), cells, pgVersion));
  }

  /** The case sets the report gives figures for on their own, by name prefix, with a title. */
  static final List<Map.Entry<String, String>> HELD_OUT =
      List.of(
          Map.entry("heldout_", "held-out set 1 (heldout_*, seen since it was first measured)"),
          Map.entry(
              "heldout2_",
              "held-out set 2 (heldout2_*, written before either linter ran on them; what its first run showed is in bench/lint/README.md)"));

  static String report(int caseCount, List<Cell> cells, String pgVersion) {
    StringBuilder out = new StringBuilder();
    out.append("# dbmigrate lint and Squawk on the corpus\n\n");
    out.append(caseCount)
        .append(" cases, ")
        .append(cells.size())
        .append(" (case, shared rule) pairs; target PostgreSQL ")
        .append(pgVersion)
        .append(".\n\n");
    out.append(
        "A pair *agrees* when both linters give the same verdict and it is the case's expected one;"
            + " *dbmigrate provably right* when dbmigrate gives the expected verdict, Squawk does"
            + " not, and the case says why; every other pair is *open*: dbmigrate is wrong (whether"
            + " or not Squawk is wrong too), or it differs from Squawk without a reason written."
            + " Each pair is counted in exactly one of the three.\n\n");
    out.append("## Summary\n\n");
    out.append(
        "| set: cases with a pair | pairs | agree | dbmigrate provably right | open | agree or provably right"
            + " | dbmigrate false positives | Squawk false positives |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, String> set : HELD_OUT) {
      summaryRow(out, set.getValue(), cells, c -> c.c().name().startsWith(set.getKey()));
    }
    summaryRow(out, "whole corpus", cells, c -> true);
    out.append("\n");
    out.append(
        "False positives are a share of each linter's findings that the case does not expect.\n\n");
    out.append("## Per shared rule, whole corpus\n\n");
    out.append(
        "| shared rule | pairs | agree | dbmigrate provably right | open | dbmigrate TP/FP/FN"
            + " | Squawk TP/FP/FN |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    Totals all = new Totals();
    for (Bucket b : Bucket.ALL) {
      Totals t = new Totals();
      cells.stream().filter(c -> c.bucket().equals(b)).forEach(t::add);
      all.addAll(t);
      if (t.pairs == 0) {
        continue;
      }
      out.append("| ")
          .append(b.name())
          .append(" (")
          .append(String.join(", ", b.ours().stream().sorted().toList()))
          .append(") | ")
          .append(t.pairs)
          .append(" | ")
          .append(t.agree)
          .append(" | ")
          .append(t.provablyRight)
          .append(" | ")
          .append(t.open)
          .append(" | ")
          .append(t.ourTp + "/" + t.ourFp + "/" + t.ourFn)
          .append(" | ")
          .append(t.theirTp + "/" + t.theirFp + "/" + t.theirFn)
          .append(" |\n");
    }
    out.append("\n");
    out.append(
        String.format(
            Locale.ROOT,
            "- agreement: %d of %d pairs (%.1f %%)%n"
                + "- agreement or dbmigrate provably right: %d of %d (%.1f %%); open: %d%n"
                + "- dbmigrate: precision %.1f %% (false positives %.1f %% of its findings),"
                + " recall %.1f %%%n"
                + "- Squawk: precision %.1f %% (false positives %.1f %% of its findings),"
                + " recall %.1f %%%n%n",
            all.agree,
            all.pairs,
            pct(all.agree, all.pairs),
            all.agree + all.provablyRight,
            all.pairs,
            pct(all.agree + all.provablyRight, all.pairs),
            all.open,
            pct(all.ourTp, all.ourTp + all.ourFp),
            pct(all.ourFp, all.ourTp + all.ourFp),
            pct(all.ourTp, all.ourTp + all.ourFn),
            pct(all.theirTp, all.theirTp + all.theirFp),
            pct(all.theirFp, all.theirTp + all.theirFp),
            pct(all.theirTp, all.theirTp + all.theirFn)));
    out.append("## Where they differ, or dbmigrate is wrong\n\n");
    out.append("| case | shared rule | expected | dbmigrate | Squawk | why |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      Verdict v = Verdict.of(c);
      if (v != Verdict.AGREE) {
        String why =
            v == Verdict.PROVABLY_RIGHT
                ? c.c().differs()
                : "OPEN: " + (c.ours() == c.truth() ? "no reason written" : "dbmigrate is wrong");
        out.append("| ")
            .append(c.c().name())
            .append(" | ")
            .append(c.bucket().name())
            .append(" | ")
            .append(yes(c.truth()))
            .append(" | ")
            .append(yes(c.ours()))
            .append(" | ")
            .append(yes(c.squawk()))
            .append(" | ")
            .append(why.replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static void summaryRow(
      StringBuilder out, String title, List<Cell> cells, Predicate<Cell> in) {
    Totals t = new Totals();
    Set<String> cases = new HashSet<>();
    cells.stream()
        .filter(in)
        .forEach(
            c -> {
              t.add(c);
              cases.add(c.c().name());
            });
    if (t.pairs == 0) {
      return;
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| %s: %d | %d | %d | %d | %d | %d of %d (%.1f %%) | %d of %d (%.1f %%) | %d of %d"
                + " (%.1f %%) |%n",
            title,
            cases.size(),
            t.pairs,
            t.agree,
            t.provablyRight,
            t.open,
            t.agree + t.provablyRight,
            t.pairs,
            pct(t.agree + t.provablyRight, t.pairs),
            t.ourFp,
            t.ourTp + t.ourFp,
            pct(t.ourFp, t.ourTp + t.ourFp),
            t.theirFp,
            t.theirTp + t.theirFp,
            pct(t.theirFp, t.theirTp + t.theirFp)));
  }

  /** Where one pair stands; exactly one of the three. */
  enum Verdict {
    AGREE,
    PROVABLY_RIGHT,
    OPEN;

    static Verdict of(Cell c) {
      if (c.ours() != c.truth()) {
        return OPEN;
      }
      if (c.ours() == c.squawk()) {
        return AGREE;
      }
      return c.c().differs() != null ? PROVABLY_RIGHT : OPEN;
    }
  }

  private static String yes(boolean b) {
    return b ? "finds" : "-";
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 100.0 : 100.0 * part / whole;
  }

  private static final class Totals {
    long pairs;
    long agree;
    long provablyRight;
    long open;
    long ourTp;
    long ourFp;
    long ourFn;
    long theirTp;
    long theirFp;
    long theirFn;

    void add(Cell c) {
      pairs++;
      switch (Verdict.of(c)) {
        case AGREE -> agree++;
        case PROVABLY_RIGHT -> provablyRight++;
        case OPEN -> open++;
      }
      ourTp += c.ours() && c.truth() ? 1 : 0;
      ourFp += c.ours() && !c.truth() ? 1 : 0;
      ourFn += !c.ours() && c.truth() ? 1 : 0;
      theirTp += c.squawk() && c.truth() ? 1 : 0;
      theirFp += c.squawk() && !c.truth() ? 1 : 0;
      theirFn += !c.squawk() && c.truth() ? 1 : 0;
    }

    void addAll(Totals t) {
      pairs += t.pairs;
      agree += t.agree;
      provablyRight += t.provablyRight;
      open += t.open;
      ourTp += t.ourTp;
      ourFp += t.ourFp;
      ourFn += t.ourFn;
      theirTp += t.theirTp;
      theirFp += t.theirFp;
      theirFn += t.theirFn;
    }
  }
}
