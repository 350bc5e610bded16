package dev.dbmigrate.bench;

import dev.dbmigrate.engine.AppliedMigration;
import dev.dbmigrate.engine.AvailableMigration;
import dev.dbmigrate.engine.HistoryStatus;
import dev.dbmigrate.engine.MigrationName;
import dev.dbmigrate.engine.SourceChecksum;
import dev.dbmigrate.engine.internal.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's plan: code compared with history, checksums compared, then validated. Measured at N
 * = 1,000 and 10,000 with all but the last 1% applied, to show that it grows linearly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlanBenchmark {

  @Param({"1000", "10000"})
  int n;

  private List<AvailableMigration> code;
  private List<AppliedMigration> history;
  private List<String> sources;

  @Setup
  public void setUp() {
    code = new ArrayList<>(n);
    history = new ArrayList<>(n);
    sources = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String source =
          "package db.migration;\nimport dev.dbmigrate.engine.Migration;\n"
              + "public class M"
              + Workspace.name(i)
              + " implements Migration {\n"
              + "  public void up(org.jooq.DSLContext db) { db.execute(\""
              + Workspace.sql(i)
              + "\"); }\n"
              + "  public void down(org.jooq.DSLContext db) { db.execute(\"drop table bench_"
              + i
              + "\"); }\n}\n";
      sources.add(source);
      String checksum = SourceChecksum.of(source);
      MigrationName name = MigrationName.ofClassName("M" + Workspace.name(i));
      code.add(new AvailableMigration(name, checksum, "bench", () -> null));
      if (i <= n - n / 100) {
        history.add(
            new AppliedMigration(
                name.toString(),
                1 + i / 100,
                Instant.EPOCH,
                3,
                "bench",
                checksum,
                HistoryStatus.APPLIED));
      }
    }
  }

  @Benchmark
  public int planAndValidate() {
    Plan plan = Plan.of(code, history);
    plan.validateForApply(false, "history");
    return plan.pending().size();
  }

  @Benchmark
  public int checksumAllSources() {
    int h = 0;
    for (String s : sources) {
      h += SourceChecksum.of(s).hashCode();
    }
    return h;
  }
}
