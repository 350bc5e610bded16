package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Development and Production in one account, both on Aurora MySQL, with the feature flags of
 * cdk.json: nothing has a fixed name twice, and cdk-nag finds nothing.
 */
class OneAccountMysqlTest {

  /**
   * Properties ending in "Name" that name nothing in an account's namespace, so two stages may
   * share a value: a database inside its own cluster, an inline policy inside its own role, a
   * label, an AWS service, a metric or dimension, a device inside its own instance. A plain "Name"
   * counts only as a resource's own property (a secret's name, say), not nested (an environment
   * variable, a pipeline stage, a dimension).
   */
  private static final Set<String> NOT_ACCOUNT_NAMES =
      Set.of(
          "DatabaseName", "PolicyName", "DisplayName", "ServiceName", "MetricName", "DeviceName");

  private static SynthesizedApp app;

  @BeforeAll
  static void synthesize() {
    app = SynthesizedApp.oneAccountMysql();
  }

  @Test
  void no_fixed_name_is_used_twice_in_one_account() throws IOException {
    Map<String, Set<String>> owners = new HashMap<>();
    try (var files = Files.walk(app.assemblyDir)) {
      for (Path template :
          files.filter(f -> f.getFileName().toString().endsWith(".template.json")).toList()) {
        Map<?, ?> json =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(template.toFile(), Map.class);
        ((Map<?, ?>) json.get("Resources"))
            .forEach(
                (id, resource) ->
                    collectNames(
                        ((Map<?, ?>) resource).get("Properties"),
                        template.getFileName()
                            + " "
                            + ((Map<?, ?>) resource).get("Type")
                            + " "
                            + id,
                        owners,
                        true));
      }
    }
    assertTrue(owners.size() > 5, "found too few names to mean anything: " + owners);
    var twice =
        owners.entrySet().stream()
            .filter(
                e -> {
                  // "template type id": two templates, or two ids of one type in one template.
                  var templates = e.getValue().stream().map(w -> w.split(" ", -1)[0]).distinct();
                  var types = e.getValue().stream().map(w -> w.substring(0, w.lastIndexOf(' ')));
                  return templates.count() > 1 || types.distinct().count() < e.getValue().size();
                })
            .toList();
    assertEquals(List.of(), twice);
    // The names the issue was about: the bastions' launch templates.
    assertEquals(
        2,
        owners.keySet().stream().filter(k -> k.startsWith("LaunchTemplateName=")).count(),
        owners.keySet().toString());
  }

  @Test
  void both_stages_run_aurora_mysql_serverless_v2_tls_only_with_mysql_rotation() {
    for (Template t : List.of(app.developmentTemplate, app.productionTemplate)) {
      t.hasResourceProperties(
          "AWS::RDS::DBCluster",
          Map.of(
              "Engine",
              "aurora-mysql",
              "EngineVersion",
              Match.stringLikeRegexp("^8\\.0\\.mysql_aurora\\.3\\..*"),
              "Port",
              3306,
              "DatabaseName",
              "app",
              "StorageEncrypted",
              true,
              "ServerlessV2ScalingConfiguration",
              Match.objectLike(Map.of())));
      t.hasResourceProperties(
          "AWS::RDS::DBClusterParameterGroup",
          Map.of(
              "Family", "aurora-mysql8.0", "Parameters", Map.of("require_secure_transport", "ON")));
      // Both rotations (master and migration user) use MySQL's single-user application.
      var mappings = (Map<?, ?>) t.toJSON().get("Mappings");
      var rotations = mappings.keySet().stream().filter(k -> k.toString().contains("SAR")).toList();
      assertEquals(2, rotations.size(), rotations.toString());
      for (Object rotation : rotations) {
        assertTrue(
            mappings
                .get(rotation)
                .toString()
                .contains("applications/SecretsManagerRDSMySQLRotationSingleUser,"),
            mappings.get(rotation).toString());
      }
      t.hasResourceProperties(
          "AWS::EC2::SecurityGroupIngress",
          Map.of("FromPort", 3306, "ToPort", 3306, "IpProtocol", "tcp"));
      t.resourceCountIs("Custom::DbMigrateMigrationUser", 1);
    }
    app.productionTemplate.hasResourceProperties(
        "AWS::RDS::DBCluster", Map.of("DeletionProtection", true));
  }

  @Test
  void no_unsuppressed_cdk_nag_errors() {
    assertEquals(List.of(), SynthesizedApp.nagErrors(app.pipeline));
    assertEquals(List.of(), SynthesizedApp.nagErrors(app.pipeline.development().stack()));
    assertEquals(List.of(), SynthesizedApp.nagErrors(app.pipeline.production().stack()));
  }

  /** A Ref or GetAtt names a resource of the template; it claims no name of its own. */
  private static boolean isReference(Object value) {
    return value instanceof Map<?, ?> map
        && map.size() == 1
        && (map.containsKey("Ref") || map.containsKey("Fn::GetAtt"));
  }

  /**
   * Every value of a property whose key ends in "Name", at any depth, as {@code key=value}: a
   * literal, or an intrinsic (two stacks that join the same pseudo parameters would render the same
   * text and be caught), with the templates and resource types that use it. A name is used twice
   * when two templates, or two resources of one type, have it; a launch template and the instance
   * that names it are one use.
   */
  private static void collectNames(
      Object node, String where, Map<String, Set<String>> owners, boolean top) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            String k = String.valueOf(key);
            boolean name =
                k.endsWith("Name") && !NOT_ACCOUNT_NAMES.contains(k) && (top || !k.equals("Name"));
            if (name && !(value instanceof List) && !isReference(value)) {
              owners.computeIfAbsent(k + "=" + value, x -> new TreeSet<>()).add(where);
            } else {
              collectNames(value, where, owners, false);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(value -> collectNames(value, where, owners, false));
    }
  }
}
