package dev.dbmigrate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * The side-by-side table of dbmigrate, knex and the psql floor from one run, in Markdown, ready to
 * paste into the README with the lines that say where and when it was measured. Each target is
 * checked against figures of the same run.
 */
final class PeerTable {

  private PeerTable() {}

  static void print(
      PrintStream out,
      String header,
      int n,
      Map<String, Harness.Result> row,
      String knexVersion,
      int runs)
      throws IOException {
    Harness.Result floor = row.get("floor");
    Harness.Result apply = row.get("apply");
    Harness.Result sqlApply = row.get("sqlapply");
    Harness.Result knexApply = row.get("knexapply");
    Harness.Result noop = row.get("noop");
    Harness.Result status = row.get("status");
    Harness.Result knexNoop = row.get("knexnoop");
    Harness.Result knexStatus = row.get("knexstatus");
    double peak = max(apply.peakMb(), sqlApply.peakMb(), noop.peakMb(), status.peakMb());
    double knexPeak = max(knexApply.peakMb(), knexNoop.peakMb(), knexStatus.peakMb());
    String knex = "knex " + knexVersion;

    out.println();
    out.println("Ready to paste (" + header.lines().findFirst().orElse("") + "):");
    out.println();
    header.lines().skip(1).forEach(l -> out.println(l + "  "));
    out.println("load average at the end " + Machine.loadAverage() + "; N = " + n + "  ");
    out.println();
    out.printf(
        "| workload (median of %d) | dbmigrate | %s | psql floor | target | met |%n", runs, knex);
    out.println("|---|---|---|---|---|---|");
    out.printf(
        "| apply all, %d Java migrations | %s (%.2f × floor) | %s (%.2f × floor) | %s | at most"
            + " 1.15 × floor | %s |%n",
        n,
        s(apply),
        apply.seconds() / floor.seconds(),
        s(knexApply),
        knexApply.seconds() / floor.seconds(),
        s(floor),
        yes(apply.seconds() / floor.seconds() <= 1.15));
    out.printf(
        "| apply all, %d SQL migrations | %s (%.2f × floor) | (as above) | %s | at most 1.10 ×"
            + " floor | %s |%n",
        n,
        s(sqlApply),
        sqlApply.seconds() / floor.seconds(),
        s(floor),
        yes(sqlApply.seconds() / floor.seconds() <= 1.10));
    out.printf(
        "| `latest`, nothing pending | %s (%.2f × knex) | %s | | under knex | %s |%n",
        s(noop),
        noop.seconds() / knexNoop.seconds(),
        s(knexNoop),
        yes(noop.seconds() < knexNoop.seconds()));
    out.printf(
        "| `status` (knex: `migrate:status`) | %s (%.2f × knex, %.2f × no-op `latest`) | %s | |"
            + " under knex, no slower than no-op `latest` | %s |%n",
        s(status),
        status.seconds() / knexStatus.seconds(),
        status.seconds() / noop.seconds(),
        s(knexStatus),
        yes(status.seconds() < knexStatus.seconds() && status.seconds() <= noop.seconds()));
    out.printf(
        "| peak memory (RSS, highest of the rows above) | %.0f MB | %.0f MB | %.0f MB | under 150"
            + " MB | %s |%n",
        peak, knexPeak, floor.peakMb(), yes(peak < 150));
  }

  private static String s(Harness.Result r) {
    return String.format("%.3f s", r.seconds());
  }

  private static String yes(boolean met) {
    return met ? "yes" : "no";
  }

  private static double max(double... values) {
    double m = -1;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
