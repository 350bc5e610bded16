package dev.dbmigrate.cdk.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The whole app, synthesized once per test JVM with made-up accounts and a tiny stand-in for the
 * Lambda jar: every synth starts a jsii node process and takes seconds, so the test classes share
 * it.
 */
final class SynthesizedApp {

  static final String DEV_ACCOUNT = "111111111111";
  static final String PROD_ACCOUNT = "222222222222";
  static final String REGION = "eu-west-1";

  static final String ALARM_EMAIL = "dba@example.com";

  private static SynthesizedApp instance;
  private static SynthesizedApp oneAccountMysql;
  private static SynthesizedApp fleet;

  static final String FLEET_SECRETS_PREFIX = "tenants/";
  static final String FLEET_FILE = "s3://acme-fleet-config/production/tenants.txt";

  final PipelineStack pipeline;
  final Path assemblyDir;
  final Template pipelineTemplate;
  final Template developmentTemplate;
  final Template productionTemplate;

  private SynthesizedApp(Map<AppSettings.Key, String> context) {
    Path workDir = tempDir();
    Map<AppSettings.Key, String> values = new java.util.HashMap<>(context);
    values.put(AppSettings.Key.LAMBDA_JAR, dummyJar(workDir).toString());
    var settings = AppSettings.from(values::get);
    assemblyDir = workDir.resolve("cdk.out");
    // The feature flags of cdk/cdk.json, as the CDK CLI would pass them.
    var app =
        new App(
            AppProps.builder().outdir(assemblyDir.toString()).context(cdkJsonContext()).build());
    pipeline = DbMigrateCdkApp.build(app, settings);
    app.synth();
    pipelineTemplate = Template.fromStack(pipeline);
    developmentTemplate = Template.fromStack(pipeline.development().stack());
    productionTemplate = Template.fromStack(pipeline.production().stack());
  }

  /** Development and Production in two accounts, PostgreSQL, an alarm address. */
  static synchronized SynthesizedApp get() {
    if (instance == null) {
      instance =
          new SynthesizedApp(
              Map.of(
                  AppSettings.Key.DEV_ACCOUNT, DEV_ACCOUNT,
                  AppSettings.Key.PROD_ACCOUNT, PROD_ACCOUNT,
                  AppSettings.Key.REGION, REGION,
                  AppSettings.Key.REPOSITORY, "codecommit:dbmigrate",
                  AppSettings.Key.ALARM_EMAIL, ALARM_EMAIL));
    }
    return instance;
  }

  /** Both stages in one account, both on Aurora MySQL, no alarm address. */
  static synchronized SynthesizedApp oneAccountMysql() {
    if (oneAccountMysql == null) {
      oneAccountMysql =
          new SynthesizedApp(
              Map.of(
                  AppSettings.Key.DEV_ACCOUNT,
                  DEV_ACCOUNT,
                  AppSettings.Key.PROD_ACCOUNT,
                  DEV_ACCOUNT,
                  AppSettings.Key.REGION,
                  REGION,
                  AppSettings.Key.REPOSITORY,
                  "codecommit:dbmigrate",
                  AppSettings.Key.DEV_ENGINE,
                  "mysql",
                  AppSettings.Key.PROD_ENGINE,
                  "MySQL"));
    }
    return oneAccountMysql;
  }

  /**
   * As {@link #get}, with a fleet in both stages: Development's targets are the secrets under a
   * prefix, Production's an S3 fleet file.
   */
  static synchronized SynthesizedApp fleet() {
    if (fleet == null) {
      fleet =
          new SynthesizedApp(
              Map.of(
                  AppSettings.Key.DEV_ACCOUNT, DEV_ACCOUNT,
                  AppSettings.Key.PROD_ACCOUNT, PROD_ACCOUNT,
                  AppSettings.Key.REGION, REGION,
                  AppSettings.Key.REPOSITORY, "codecommit:dbmigrate",
                  AppSettings.Key.DEV_FLEET, "secrets:" + FLEET_SECRETS_PREFIX,
                  AppSettings.Key.PROD_FLEET, FLEET_FILE));
    }
    return fleet;
  }

  /** The context of cdk/cdk.json: the feature flags. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> cdkJsonContext() {
    try {
      var json =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readValue(Files.readString(Path.of("cdk.json")), Map.class);
      return (Map<String, Object>) json.get("context");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * cdk-nag reports a finding as an error annotation on the resource; suppressed ones are not
   * reported.
   */
  // Annotations.findError returns cxapi.SynthesisMessage, which aws-cdk-lib marks deprecated; the
  // assertions API has no other way to list the messages.
  @SuppressWarnings("deprecation")
  static java.util.List<String> nagErrors(Stack stack) {
    return Annotations.fromStack(stack)
        .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
        .stream()
        .map(
            message ->
                message.getId()
                    + ": "
                    + String.valueOf(message.getEntry().getData()).split(":", -1)[0])
        .toList();
  }

  /**
   * Allow statements anywhere in the template (identity, trust, key and bucket policies) that name
   * a wildcard principal or pass any role: the two things the cross-account design must never need.
   * Deny statements may use "*" (the artifact bucket denies plain HTTP to everyone).
   */
  static java.util.List<Object> overlyBroadAllows(Template template) {
    var found = new java.util.ArrayList<Object>();
    collect(template.toJSON(), found);
    return found;
  }

  private static void collect(Object node, java.util.List<Object> found) {
    if (node instanceof Map<?, ?> map) {
      if ("Allow".equals(map.get("Effect"))) {
        Object principal = map.get("Principal");
        boolean wildcardPrincipal =
            "*".equals(principal)
                || (principal instanceof Map<?, ?> p && p.values().stream().anyMatch("*"::equals));
        boolean passAnyRole =
            String.valueOf(map.get("Action")).contains("iam:PassRole")
                && String.valueOf(map.get("Resource")).equals("*");
        if (wildcardPrincipal || passAnyRole) {
          found.add(map);
        }
      }
      map.values().forEach(value -> collect(value, found));
    } else if (node instanceof java.util.List<?> list) {
      list.forEach(value -> collect(value, found));
    }
  }

  static Path dummyJar(Path dir) {
    Path jar = dir.resolve("dbmigrate-lambda.jar");
    try (var out = new ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry("dev/dbmigrate/lambda/README.txt"));
      out.write(
          "stand-in for runtime-lambda's jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("dbmigrate-cdk-test");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
