package dev.dbmigrate.cli.fleet;

/** What became of one target of a fleet run; each command comes to some of these. */
public enum Outcome {
  /** latest: it applied migrations. */
  APPLIED("applied", "applied"),
  /** latest, status, a dry run: nothing was pending. */
  UP_TO_DATE("up to date", "upToDate"),
  /** Migrations are pending there: what status and a dry run report. */
  BEHIND("behind", "behind"),
  /** lint: no rule found anything in what is pending there. */
  CLEAN("clean", "clean"),
  /** lint: a rule found something; an error that is not silenced fails the target (exit 16). */
  FINDINGS("findings", "findings"),
  /** test: every migration went up, down and up again on a scratch database of its server. */
  PASSED("passed", "passed"),
  /** It failed: it could not be reached, a migration failed, or test found a broken down. */
  FAILED("failed", "failed"),
  /** Not started: an earlier target failed and the policy is to stop. */
  SKIPPED("skipped", "skipped");

  private final String label;
  private final String key;

  Outcome(String label, String key) {
    this.label = label;
    this.key = key;
  }

  /** As the summary and the progress lines name it. */
  public String label() {
    return label;
  }

  /** As the JSON summary names its count. */
  public String key() {
    return key;
  }
}
