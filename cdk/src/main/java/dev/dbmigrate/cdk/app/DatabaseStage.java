package dev.dbmigrate.cdk.app;

import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.Nag;
import java.nio.file.Path;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.Tags;
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
      Construct scope,
      StageSettings settings,
      Path lambdaJar,
      MigrationCaller caller,
      String alarmEmail) {
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
                        + ": Aurora "
                        + settings.engine().key()
                        + ", migration function, bastion")
                .build(),
            settings,
            lambdaJar,
            caller,
            alarmEmail);
    // Cost allocation: activate these keys once in the Billing console to see each stage's cost.
    Tags.of(this).add(DbMigrateCdkApp.PROJECT_TAG, DbMigrateCdkApp.PROJECT);
    Tags.of(this).add(DbMigrateCdkApp.ENVIRONMENT_TAG, settings.name());
    Aspects.of(this).add(Nag.checks());
  }

  public DatabaseStack stack() {
    return stack;
  }
}
