package dev.dbmigrate.cli.fleet;

/** What became of one target of a fleet run. */
public enum Outcome {
  APPLIED("applied"),
  UP_TO_DATE("up to date"),
  /** Migrations are pending there: what status and a dry run report. */
  BEHIND("behind"),
  FAILED("failed"),
  /** Not started: an earlier target failed and the policy is to stop. */
  SKIPPED("skipped");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** As the summary and the JSON name it. */
  public String label() {
    return label;
  }
}
