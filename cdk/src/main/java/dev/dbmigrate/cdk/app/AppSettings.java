package dev.dbmigrate.cdk.app;

import dev.dbmigrate.cdk.DatabaseEngine;
import dev.dbmigrate.cdk.FleetMigration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awscdk.App;

/**
 * What the app is told from outside: CDK context ({@code -c key=value}) first, then an environment
 * variable of the same meaning. Validated once here, naming the key and both ways to set it, so a
 * typo fails the synth instead of a deployment half an hour later.
 *
 * <p>Nothing here looks anything up in AWS: a synth with made-up account ids works offline.
 */
public record AppSettings(
    String devAccount,
    String prodAccount,
    String region,
    RepositorySpec repository,
    String branch,
    Path lambdaJar,
    boolean devBastion,
    boolean prodBastion,
    DatabaseEngine devEngine,
    DatabaseEngine prodEngine,
    FleetMigration.Source devFleet,
    FleetMigration.Source prodFleet,
    String alarmEmail) {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  /** Context key and the environment variable that stands in for it. */
  enum Key {
    DEV_ACCOUNT("devAccount", "CDK_DEV_ACCOUNT"),
    PROD_ACCOUNT("prodAccount", "CDK_PROD_ACCOUNT"),
    REGION("region", "CDK_REGION"),
    REPOSITORY("repository", "CDK_REPOSITORY"),
    CONNECTION_ARN("connectionArn", "CDK_CONNECTION_ARN"),
    BRANCH("branch", "CDK_BRANCH"),
    LAMBDA_JAR("lambdaJar", "CDK_LAMBDA_JAR"),
    DEV_BASTION("devBastion", "CDK_DEV_BASTION"),
    PROD_BASTION("prodBastion", "CDK_PROD_BASTION"),
    DEV_ENGINE("devEngine", "CDK_DEV_ENGINE"),
    PROD_ENGINE("prodEngine", "CDK_PROD_ENGINE"),
    DEV_FLEET("devFleet", "CDK_DEV_FLEET"),
    PROD_FLEET("prodFleet", "CDK_PROD_FLEET"),
    ALARM_EMAIL("alarmEmail", "CDK_ALARM_EMAIL");

    final String context;
    final String env;

    Key(String context, String env) {
      this.context = context;
      this.env = env;
    }

    String howToSet() {
      return "set it with -c " + context + "=... or the environment variable " + env;
    }
  }

  public AppSettings {
    require(
        ACCOUNT.matcher(devAccount).matches(),
        Key.DEV_ACCOUNT,
        "a 12-digit AWS account id",
        devAccount);
    require(
        ACCOUNT.matcher(prodAccount).matches(),
        Key.PROD_ACCOUNT,
        "a 12-digit AWS account id",
        prodAccount);
    require(
        REGION.matcher(region).matches(), Key.REGION, "an AWS region such as eu-west-1", region);
    require(!branch.isBlank(), Key.BRANCH, "a branch name", branch);
    require(
        alarmEmail == null || EMAIL.matcher(alarmEmail).matches(),
        Key.ALARM_EMAIL,
        "an e-mail address",
        alarmEmail);
  }

  /** Reads the app's context, falling back to the process environment. */
  public static AppSettings from(App app) {
    return from(
        key -> {
          Object value = app.getNode().tryGetContext(key.context);
          return value != null ? value.toString() : System.getenv(key.env);
        });
  }

  static AppSettings from(Function<Key, String> source) {
    Function<Key, String> required =
        key -> {
          String value = source.apply(key);
          if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key.context + " is missing: " + key.howToSet());
          }
          return value.trim();
        };
    return new AppSettings(
        required.apply(Key.DEV_ACCOUNT),
        required.apply(Key.PROD_ACCOUNT),
        required.apply(Key.REGION),
        RepositorySpec.parse(required.apply(Key.REPOSITORY), source.apply(Key.CONNECTION_ARN)),
        orDefault(source.apply(Key.BRANCH), "main"),
        lambdaJar(source.apply(Key.LAMBDA_JAR), Path.of("").toAbsolutePath()),
        flag(source, Key.DEV_BASTION),
        flag(source, Key.PROD_BASTION),
        engine(source, Key.DEV_ENGINE),
        engine(source, Key.PROD_ENGINE),
        fleet(source, Key.DEV_FLEET),
        fleet(source, Key.PROD_FLEET),
        blankAsNull(source.apply(Key.ALARM_EMAIL)));
  }

  /**
   * The settings as environment variables, so the pipeline's own synth (in CodeBuild, where nobody
   * passes {@code -c}) builds exactly the app that was deployed by hand. The jar path is left out:
   * there the default path is right, because the synth step builds the jar first.
   */
  public Map<String, String> asEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(Key.DEV_ACCOUNT.env, devAccount);
    env.put(Key.PROD_ACCOUNT.env, prodAccount);
    env.put(Key.REGION.env, region);
    env.put(Key.REPOSITORY.env, repository.text());
    repository.connectionArn().ifPresent(arn -> env.put(Key.CONNECTION_ARN.env, arn));
    env.put(Key.BRANCH.env, branch);
    env.put(Key.DEV_BASTION.env, Boolean.toString(devBastion));
    env.put(Key.PROD_BASTION.env, Boolean.toString(prodBastion));
    env.put(Key.DEV_ENGINE.env, devEngine.key());
    env.put(Key.PROD_ENGINE.env, prodEngine.key());
    if (devFleet != null) {
      env.put(Key.DEV_FLEET.env, devFleet.text());
    }
    if (prodFleet != null) {
      env.put(Key.PROD_FLEET.env, prodFleet.text());
    }
    if (alarmEmail != null) {
      env.put(Key.ALARM_EMAIL.env, alarmEmail);
    }
    return env;
  }

  /**
   * The deployable jar of runtime-lambda. Without {@code lambdaJar}, it is looked for where that
   * module's build puts it, relative to the repository root; the root is the working directory or,
   * when the CDK CLI runs the app from cdk/, its parent.
   */
  static Path lambdaJar(String configured, Path workingDir) {
    if (configured != null && !configured.isBlank()) {
      Path jar = workingDir.resolve(configured.trim()).normalize();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(
            Key.LAMBDA_JAR.context + " points at " + jar + ", which is not a file");
      }
      return jar;
    }
    Path root = Files.exists(workingDir.resolve("cdk.json")) ? workingDir.getParent() : workingDir;
    Path jar = root.resolve("runtime-lambda/target/dbmigrate-lambda.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the migration function's jar "
              + jar
              + " does not exist: build it first with"
              + " 'mvn -B -q package -DskipTests' at the repository root, or point "
              + Key.LAMBDA_JAR.context
              + " at a jar ("
              + Key.LAMBDA_JAR.howToSet()
              + ")");
    }
    return jar;
  }

  private static boolean flag(Function<Key, String> source, Key key) {
    String value = orDefault(source.apply(key), "true").toLowerCase(Locale.ROOT);
    require(value.equals("true") || value.equals("false"), key, "true or false", value);
    return Boolean.parseBoolean(value);
  }

  private static DatabaseEngine engine(Function<Key, String> source, Key key) {
    String value = orDefault(source.apply(key), DatabaseEngine.POSTGRESQL.key());
    try {
      return DatabaseEngine.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key.context + ": " + e.getMessage() + " (" + key.howToSet() + ")", e);
    }
  }

  /** A stage's fleet: its target list, or null (the default) for no fleet. */
  private static FleetMigration.Source fleet(Function<Key, String> source, Key key) {
    String value = blankAsNull(source.apply(key));
    if (value == null) {
      return null;
    }
    try {
      return FleetMigration.Source.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key.context + ": " + e.getMessage() + " (" + key.howToSet() + ")", e);
    }
  }

  private static String blankAsNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static void require(boolean ok, Key key, String expected, String actual) {
    if (!ok) {
      throw new IllegalArgumentException(
          key.context
              + ": expected "
              + expected
              + ", got '"
              + actual
              + "' ("
              + key.howToSet()
              + ")");
    }
  }
}
