package dev.dbmigrate.cdk.app;

import dev.dbmigrate.cdk.DatabaseEngine;
import dev.dbmigrate.cdk.FleetMigration;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * One environment (Development, Production, ...). Every difference between environments is decided
 * here from the {@code production} flag, so the constructs never test a stage's name.
 *
 * @param fleet the stage's fleet target list, or null: no {@link FleetMigration}, the pipeline
 *     invokes the function
 */
public record StageSettings(
    String name,
    String account,
    String region,
    boolean production,
    boolean bastion,
    DatabaseEngine engine,
    FleetMigration.Source fleet) {

  /**
   * The name of the stage's one stack, e.g. Production-Database: what bin/db-tunnel and the docs
   * use.
   */
  public String stackName() {
    return name + "-Database";
  }

  public Environment environment() {
    return Environment.builder().account(account).region(region).build();
  }

  /** Production keeps a final snapshot when the stack goes; Development leaves nothing behind. */
  public RemovalPolicy databaseRemovalPolicy() {
    return production ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
  }

  public RemovalPolicy logRemovalPolicy() {
    return production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }

  public Duration backupRetention() {
    return Duration.days(production ? 7 : 1);
  }

  /**
   * Development scales to zero ACUs and pauses when idle: it costs storage only between pipeline
   * runs, and the first connection after a pause waits about 15 s for the resume. Production keeps
   * half an ACU warm so the application never sees that wait.
   */
  public double minCapacity() {
    return production ? 0.5 : 0;
  }

  public double maxCapacity() {
    return production ? 4 : 1;
  }

  public RetentionDays logRetention() {
    return production ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH;
  }
}
