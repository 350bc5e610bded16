package dev.dbmigrate.cdk;

import java.nio.file.Path;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.constructs.Construct;

/**
 * A deployable environment for the pipeline: one {@link DatabaseStack}, named {@code
 * <stage>-Database}.
 *
 * <p>The stage checks itself with cdk-nag: the pipeline synthesizes a stage as soon as it is added,
 * so an aspect added to the app afterwards would never see the stage's resources.
 */
public final class DatabaseStage extends Stage {

  private final DatabaseStack stack;

  public DatabaseStage(
      Construct scope, StageSettings settings, Path lambdaJar, MigrationCaller caller) {
    super(scope, settings.name(), StageProps.builder().env(settings.environment()).build());
    stack =
        new DatabaseStack(
            this,
            "Database",
            StackProps.builder()
                .stackName(settings.stackName())
                .description(
                    "dbmigrate "
                        + settings.name()
                        + ": Aurora PostgreSQL, migration function, bastion")
                .build(),
            settings,
            lambdaJar,
            caller);
    Aspects.of(this).add(Nag.checks());
  }

  public DatabaseStack stack() {
    return stack;
  }
}
