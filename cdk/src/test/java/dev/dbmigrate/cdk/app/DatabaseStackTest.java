package dev.dbmigrate.cdk.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbmigrate.cdk.DatabaseEngine;
import dev.dbmigrate.cdk.MigrationCaller;
import dev.dbmigrate.cdk.MigrationFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The stage stacks, as the pipeline deploys them: Development (pipeline account) and Production
 * (another).
 */
class DatabaseStackTest {

  @TempDir static Path tempDir;

  private static SynthesizedApp app;
  private static Template dev;
  private static Template prod;

  @BeforeAll
  static void synthesize() {
    app = SynthesizedApp.get();
    dev = app.developmentTemplate;
    prod = app.productionTemplate;
  }

  @Test
  void database_is_aurora_postgres_serverless_v2_encrypted_private_and_tls_only() {
    for (Template t : List.of(dev, prod)) {
      t.hasResourceProperties(
          "AWS::RDS::DBCluster",
          Map.of(
              "Engine",
              "aurora-postgresql",
              "EngineVersion",
              Match.stringLikeRegexp("^16\\..*"),
              "StorageEncrypted",
              true,
              "EnableIAMDatabaseAuthentication",
              true,
              "DBClusterParameterGroupName",
              Match.anyValue(),
              "ServerlessV2ScalingConfiguration",
              Map.of("MinCapacity", Match.anyValue(), "MaxCapacity", Match.anyValue())));
      t.resourceCountIs("AWS::RDS::DBInstance", 1);
      t.hasResourceProperties(
          "AWS::RDS::DBInstance",
          Map.of("DBInstanceClass", "db.serverless", "PubliclyAccessible", false));
      t.hasResourceProperties(
          "AWS::RDS::DBClusterParameterGroup",
          Map.of("Family", "aurora-postgresql16", "Parameters", Map.of("rds.force_ssl", "1")));
      t.hasResourceProperties(
          "AWS::SecretsManager::RotationSchedule",
          Map.of("RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
      // Isolated subnets only: no internet gateway, no NAT gateway.
      t.resourceCountIs("AWS::EC2::InternetGateway", 0);
      t.resourceCountIs("AWS::EC2::NatGateway", 0);
    }
    dev.hasResourceProperties(
        "AWS::RDS::DBCluster",
        Map.of(
            "ServerlessV2ScalingConfiguration",
            Map.of("MinCapacity", 0, "MaxCapacity", 1, "SecondsUntilAutoPause", 600)));
    prod.hasResourceProperties(
        "AWS::RDS::DBCluster",
        Map.of("ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 0.5, "MaxCapacity", 4)));
  }

  @Test
  void production_is_protected_and_development_is_disposable() {
    prod.hasResource(
        "AWS::RDS::DBCluster",
        Map.of(
            "DeletionPolicy",
            "Snapshot",
            "Properties",
            Map.of("DeletionProtection", true, "BackupRetentionPeriod", 7)));
    dev.hasResource(
        "AWS::RDS::DBCluster",
        Map.of(
            "DeletionPolicy",
            "Delete",
            "Properties",
            Map.of("DeletionProtection", false, "BackupRetentionPeriod", 1)));
  }

  @Test
  void function_runs_java21_in_the_vpc_with_its_own_security_group_and_reads_the_one_secret() {
    for (Template t : List.of(dev, prod)) {
      String functionSg = logicalId(t, "AWS::EC2::SecurityGroup", "dbmigrate migration function");
      t.hasResourceProperties(
          "AWS::Lambda::Function",
          Map.of(
              "Runtime",
              "java21",
              "Handler",
              MigrationFunction.HANDLER,
              "MemorySize",
              1024,
              "Timeout",
              900,
              "FunctionName",
              Match.absent(),
              "VpcConfig",
              Map.of(
                  "SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(functionSg, "GroupId"))),
                  "SubnetIds",
                      Match.arrayWith(List.of(Match.objectLike(Map.of("Ref", Match.anyValue()))))),
              "Environment",
              Map.of(
                  "Variables",
                  Match.objectLike(
                      Map.of(
                          "DBMIGRATE_SECRET_ID",
                          migrationSecretRef(t),
                          "DBMIGRATE_SSL_MODE",
                          "verify-full")))));
      t.hasResourceProperties(
          "AWS::IAM::Policy",
          Map.of(
              "PolicyDocument",
                  Map.of(
                      "Statement",
                      Match.arrayWith(
                          List.of(
                              Match.objectLike(
                                  Map.of(
                                      "Action",
                                          Match.arrayWith(List.of("secretsmanager:GetSecretValue")),
                                      "Resource", migrationSecretRef(t)))))),
              "Roles",
                  List.of(
                      Map.of("Ref", Match.stringLikeRegexp("^MigrationFunctionServiceRole.*")))));
      // The migration function's role reads the migration secret and nothing else.
      var functionPolicies =
          t.findResources(
              "AWS::IAM::Policy",
              Map.of(
                  "Properties",
                  Map.of(
                      "Roles",
                      List.of(
                          Map.of(
                              "Ref", Match.stringLikeRegexp("^MigrationFunctionServiceRole.*"))))));
      assertEquals(1, functionPolicies.size());
      String policy = functionPolicies.values().iterator().next().toString();
      assertFalse(policy.contains(masterSecretRef(t).get("Ref")), policy);
      assertEquals(1, policy.split("secretsmanager:GetSecretValue", -1).length - 1, policy);
    }
  }

  @Test
  void database_admits_only_the_function_bastion_and_rotation_security_groups() {
    for (Template t : List.of(dev, prod)) {
      String databaseSg = logicalId(t, "AWS::EC2::SecurityGroup", "Aurora postgresql");
      String functionSg = logicalId(t, "AWS::EC2::SecurityGroup", "dbmigrate migration function");
      String bastionSg = logicalId(t, "AWS::EC2::SecurityGroup", "SSM bastion");
      String rotationSg = logicalId(t, "AWS::EC2::SecurityGroup", "Secret rotation function");
      String bootstrapSg = logicalId(t, "AWS::EC2::SecurityGroup", "dbmigrate user bootstrap");
      t.hasResourceProperties(
          "AWS::EC2::SecurityGroupIngress",
          Map.of(
              "GroupId",
              Map.of("Fn::GetAtt", List.of(databaseSg, "GroupId")),
              "IpProtocol",
              "tcp",
              "FromPort",
              5432,
              "ToPort",
              5432,
              "SourceSecurityGroupId",
              Map.of("Fn::GetAtt", List.of(functionSg, "GroupId"))));
      t.hasResourceProperties(
          "AWS::EC2::SecurityGroupIngress",
          Map.of(
              "GroupId", Map.of("Fn::GetAtt", List.of(databaseSg, "GroupId")),
              "FromPort", 5432,
              "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(bastionSg, "GroupId"))));

      var sources =
          t.findResources("AWS::EC2::SecurityGroupIngress").values().stream()
              .map(r -> props(r))
              .filter(
                  p ->
                      p.get("GroupId").equals(Map.of("Fn::GetAtt", List.of(databaseSg, "GroupId"))))
              .map(
                  p ->
                      String.valueOf(
                          ((List<?>) ((Map<?, ?>) p.get("SourceSecurityGroupId")).get("Fn::GetAtt"))
                              .get(0)))
              .sorted()
              .toList();
      assertEquals(
          List.of(bastionSg, rotationSg, functionSg, bootstrapSg).stream().sorted().toList(),
          sources);
      // No inline ingress (no CIDR) on any security group; the bastion has none at all.
      t.findResources("AWS::EC2::SecurityGroup")
          .values()
          .forEach(r -> assertFalse(props(r).containsKey("SecurityGroupIngress"), r.toString()));
    }
  }

  @Test
  void invoker_role_trusts_only_the_stage_step_role_and_may_only_invoke_the_function() {
    for (String stage : List.of("Development", "Production")) {
      Template t = stage.equals("Development") ? dev : prod;
      t.resourceCountIs("AWS::Lambda::Permission", 0);
      t.hasResourceProperties(
          "AWS::IAM::Role",
          Map.of(
              "RoleName", stage + "-Database-invoker-eu-west-1",
              "AssumeRolePolicyDocument",
                  Map.of(
                      "Statement",
                      List.of(
                          Map.of(
                              "Action",
                              "sts:AssumeRole",
                              "Effect",
                              "Allow",
                              "Principal",
                              // A literal partition: the stack's region is known.
                              Map.of("AWS", "arn:aws:iam::" + SynthesizedApp.DEV_ACCOUNT + ":root"),
                              "Condition",
                              Map.of(
                                  "ArnEquals",
                                  Map.of(
                                      "aws:PrincipalArn",
                                      arn(
                                          ":iam::"
                                              + SynthesizedApp.DEV_ACCOUNT
                                              + ":role/DbMigrate-Pipeline-"
                                              + stage
                                              + "-migrate-eu-west-1"))))),
                      "Version",
                      "2012-10-17"),
              "Policies",
                  List.of(
                      Map.of(
                          "PolicyName",
                          "InvokeMigrationFunction",
                          "PolicyDocument",
                          Map.of(
                              "Statement",
                              List.of(
                                  Map.of(
                                      "Action", "lambda:InvokeFunction",
                                      "Effect", "Allow",
                                      "Resource",
                                          Map.of(
                                              "Fn::GetAtt",
                                              List.of(
                                                  logicalId(
                                                      t,
                                                      "AWS::Lambda::Function",
                                                      MigrationFunction.HANDLER),
                                                  "Arn")))),
                              "Version",
                              "2012-10-17")))));
    }
  }

  @Test
  void no_wildcard_principals_and_no_fixed_names_but_the_invoker_role() {
    for (Template t : List.of(dev, prod)) {
      assertEquals(List.of(), SynthesizedApp.overlyBroadAllows(t));
      t.allResourcesProperties(
          "AWS::RDS::DBCluster", Map.of("DBClusterIdentifier", Match.absent()));
      t.allResourcesProperties("AWS::Lambda::Function", Map.of("FunctionName", Match.absent()));
      t.allResourcesProperties("AWS::SecretsManager::Secret", Map.of("Name", Match.absent()));
      // Only the rotation functions' log groups have names: the ones Lambda will use for the
      // functions the Serverless Application Repository creates under the name CDK gives them.
      t.findResources("AWS::Logs::LogGroup")
          .forEach(
              (id, group) -> {
                Object name = props(group).get("LogGroupName");
                if (id.contains("RotationLogs")) {
                  assertTrue(String.valueOf(name).startsWith("/aws/lambda/"), id + ": " + name);
                  assertTrue(
                      t.toJSON()
                          .toString()
                          .contains("functionName=" + name.toString().substring(12)),
                      id + " names no rotation function: " + name);
                } else {
                  assertEquals(null, name, id);
                }
              });
      t.allResourcesProperties("AWS::EC2::SecurityGroup", Map.of("GroupName", Match.absent()));
    }
    for (Template t : List.of(dev, prod)) {
      assertEquals(
          1,
          t.findResources(
                  "AWS::IAM::Role", Map.of("Properties", Map.of("RoleName", Match.anyValue())))
              .size());
    }
  }

  @Test
  void a_stage_without_a_bastion_has_no_ssm_endpoints_and_no_bastion_output() {
    var app = new App();
    var stage =
        new DatabaseStage(
            app,
            new StageSettings(
                "Staging",
                SynthesizedApp.DEV_ACCOUNT,
                SynthesizedApp.REGION,
                false,
                false,
                DatabaseEngine.POSTGRESQL,
                null),
            SynthesizedApp.dummyJar(tempDir),
            new MigrationCaller(
                SynthesizedApp.DEV_ACCOUNT, "DbMigrate-Pipeline-Staging-migrate-eu-west-1"),
            null);
    var t = Template.fromStack(stage.stack());
    t.resourceCountIs("AWS::EC2::Instance", 0);
    t.resourceCountIs("AWS::EC2::VPCEndpoint", 2); // Secrets Manager (interface), S3 (gateway)
    assertTrue(t.findOutputs(DatabaseStack.BASTION_ID_OUTPUT).isEmpty());
    assertEquals(List.of(), SynthesizedApp.nagErrors(stage.stack()));
  }

  @Test
  void outputs_are_what_the_pipeline_and_the_tunnel_read() {
    for (String output :
        List.of(
            DatabaseStack.FUNCTION_NAME_OUTPUT,
            DatabaseStack.SECRET_ARN_OUTPUT,
            DatabaseStack.DATABASE_ENDPOINT_OUTPUT,
            DatabaseStack.DATABASE_PORT_OUTPUT,
            DatabaseStack.MIGRATION_SECRET_ARN_OUTPUT,
            DatabaseStack.ALARM_TOPIC_OUTPUT,
            DatabaseStack.BASTION_ID_OUTPUT,
            DatabaseStack.INVOKER_ROLE_ARN_OUTPUT)) {
      dev.hasOutput(output, Match.anyValue());
      prod.hasOutput(output, Match.anyValue());
    }
    prod.hasOutput(
        DatabaseStack.INVOKER_ROLE_ARN_OUTPUT,
        Map.of(
            "Value",
            Map.of(
                "Fn::GetAtt",
                List.of(Match.stringLikeRegexp("^MigrationAccessInvokerRole.*"), "Arn"))));
    prod.hasOutput(DatabaseStack.DATABASE_PORT_OUTPUT, Map.of("Value", "5432"));
    prod.hasOutput(
        DatabaseStack.MIGRATION_SECRET_ARN_OUTPUT, Map.of("Value", migrationSecretRef(prod)));
    prod.hasOutput(DatabaseStack.SECRET_ARN_OUTPUT, Map.of("Value", masterSecretRef(prod)));
    dev.hasOutput(
        DatabaseStack.FUNCTION_NAME_OUTPUT,
        Map.of(
            "Value",
            Map.of("Ref", logicalId(dev, "AWS::Lambda::Function", MigrationFunction.HANDLER))));
  }

  @Test
  void bastion_is_a_t4g_nano_reached_through_ssm_only() {
    for (Template t : List.of(dev, prod)) {
      t.hasResourceProperties(
          "AWS::EC2::Instance",
          Map.of(
              "InstanceType", "t4g.nano",
              "KeyName", Match.absent(),
              "ImageId",
                  Map.of("Ref", Match.stringLikeRegexp(".*amiamazonlinuxlatestal2023.*arm64.*"))));
      for (String service : List.of("ssm", "ssmmessages", "ec2messages", "secretsmanager")) {
        t.hasResourceProperties(
            "AWS::EC2::VPCEndpoint",
            Map.of(
                "ServiceName",
                "com.amazonaws." + SynthesizedApp.REGION + "." + service,
                "PrivateDnsEnabled",
                true));
      }
    }
  }

  @Test
  void no_unsuppressed_cdk_nag_errors() {
    assertEquals(List.of(), SynthesizedApp.nagErrors(app.pipeline.development().stack()));
    assertEquals(List.of(), SynthesizedApp.nagErrors(app.pipeline.production().stack()));
  }

  @Test
  void secrets_carry_the_database_name_and_the_migration_user_is_bootstrapped_first() {
    for (Template t : List.of(dev, prod)) {
      for (String user : List.of("dbmigrate_admin", "dbmigrate")) {
        t.hasResourceProperties(
            "AWS::SecretsManager::Secret",
            Map.of(
                "GenerateSecretString",
                Match.objectLike(
                    Map.of(
                        "SecretStringTemplate",
                        Match.serializedJson(Map.of("username", user, "dbname", "app")),
                        "GenerateStringKey",
                        "password"))));
      }
      t.resourceCountIs("AWS::SecretsManager::SecretTargetAttachment", 2);
      t.hasResourceProperties(
          "AWS::RDS::DBCluster", Map.of("DatabaseName", "app", "MasterUsername", Match.anyValue()));

      String bootstrap = logicalId(t, "Custom::DbMigrateMigrationUser", "");
      t.hasResourceProperties(
          "Custom::DbMigrateMigrationUser",
          Map.of(
              "MasterSecretArn", masterSecretRef(t),
              "MigrationSecretArn", migrationSecretRef(t),
              "DatabaseName", "app"));
      // The bootstrap handler comes from the same jar and reads both secrets.
      String handler = logicalId(t, "AWS::Lambda::Function", MigrationFunction.BOOTSTRAP_HANDLER);
      var handlerRole =
          ((Map<?, ?>) props(t.findResources("AWS::Lambda::Function").get(handler)).get("Role"))
              .toString();
      String handlerPolicies =
          t.findResources("AWS::IAM::Policy").values().stream()
              .filter(p -> p.toString().contains(handlerRole.replaceAll(".*\\[|, Arn\\]}", "")))
              .toList()
              .toString();
      assertTrue(handlerPolicies.contains(masterSecretRef(t).get("Ref")), handlerPolicies);
      assertTrue(handlerPolicies.contains(migrationSecretRef(t).get("Ref")), handlerPolicies);

      // The function and the migration secret's rotation wait for the user: the rotation's
      // function (from the Serverless Application Repository) depends on the bootstrap, and the
      // schedule, which rotates at once when created, needs that function.
      String function = logicalId(t, "AWS::Lambda::Function", MigrationFunction.HANDLER);
      assertTrue(dependsOn(t, function).contains(bootstrap), function);
      String migrationRotation =
          logicalId(t, "AWS::Serverless::Application", "MigrationSecretRotation");
      assertTrue(dependsOn(t, migrationRotation).contains(bootstrap), migrationRotation);
      t.resourceCountIs("AWS::SecretsManager::RotationSchedule", 2);
      t.hasResourceProperties(
          "AWS::SecretsManager::RotationSchedule",
          Map.of(
              "SecretId",
              migrationSecretRef(t),
              "RotationLambdaARN",
              Map.of("Fn::GetAtt", List.of(migrationRotation, "Outputs.RotationLambdaARN")),
              "RotationRules",
              Map.of("ScheduleExpression", "rate(30 days)")));
    }
  }

  @Test
  void alarms_notifications_log_retention_insights_and_cost_tags() {
    for (String stage : List.of("Development", "Production")) {
      Template t = stage.equals("Development") ? dev : prod;
      String function = logicalId(t, "AWS::Lambda::Function", MigrationFunction.HANDLER);
      String topic = logicalId(t, "AWS::SNS::Topic", "");
      t.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Map.of(
              "Namespace", "AWS/Lambda",
              "MetricName", "Errors",
              "Dimensions",
                  List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", function))),
              "Threshold", 1,
              "ComparisonOperator", "GreaterThanOrEqualToThreshold",
              "TreatMissingData", "notBreaching",
              "AlarmActions", List.of(Map.of("Ref", topic))));
      t.hasResourceProperties(
          "AWS::SNS::Subscription",
          Map.of(
              "Protocol",
              "email",
              "Endpoint",
              SynthesizedApp.ALARM_EMAIL,
              "TopicArn",
              Map.of("Ref", topic)));
      t.hasOutput(DatabaseStack.ALARM_TOPIC_OUTPUT, Match.anyValue());
      // Every log group expires, and every function in the template writes to one of them.
      var groups = t.findResources("AWS::Logs::LogGroup");
      assertTrue(groups.size() >= 4, groups.keySet().toString());
      groups.forEach(
          (id, group) ->
              assertTrue(props(group).get("RetentionInDays") instanceof Number, id + ": " + group));
      t.findResources("AWS::Lambda::Function")
          .forEach(
              (id, fn) -> {
                var logging = (Map<?, ?>) props(fn).get("LoggingConfig");
                assertTrue(
                    logging != null && logging.get("LogGroup") != null, id + " has no log group");
              });
      // Cost allocation tags on what costs money. CDK's stack-level provider of the default
      // security group's custom resource is a raw CfnResource, which the Tags aspect cannot tag.
      var tags =
          Map.of(
              "Tags",
              Match.arrayWith(
                  List.of(
                      Map.of("Key", "Environment", "Value", stage),
                      Map.of("Key", "Project", "Value", "dbmigrate"))));
      for (String type :
          List.of(
              "AWS::RDS::DBCluster",
              "AWS::Lambda::Function",
              "AWS::EC2::Instance",
              "AWS::EC2::VPCEndpoint",
              "AWS::SecretsManager::Secret")) {
        var all = t.findResources(type);
        var tagged = t.findResources(type, Map.of("Properties", tags));
        var untagged =
            all.keySet().stream()
                .filter(id -> !tagged.containsKey(id))
                .filter(id -> !id.startsWith("CustomVpcRestrictDefaultSGCustomResourceProvider"))
                .toList();
        assertEquals(List.of(), untagged, type);
        assertFalse(tagged.isEmpty(), type);
      }
    }
    prod.hasResourceProperties(
        "AWS::RDS::DBCluster",
        Map.of("PerformanceInsightsEnabled", true, "PerformanceInsightsRetentionPeriod", 7));
    dev.hasResourceProperties(
        "AWS::RDS::DBCluster", Map.of("PerformanceInsightsEnabled", Match.absent()));
  }

  static String dependsOn(Template t, String logicalId) {
    return String.valueOf(
        ((Map<?, ?>) t.toJSON().get("Resources"))
            .entrySet().stream()
                .filter(e -> e.getKey().equals(logicalId))
                .map(e -> String.valueOf(((Map<?, ?>) e.getValue()).get("DependsOn")))
                .findFirst()
                .orElseThrow());
  }

  /** {@code arn:<partition><rest>} as CloudFormation joins it. */
  static Map<String, Object> arn(String rest) {
    return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), rest)));
  }

  /** A secret as attached to the cluster: its attachment, whose Ref is the secret's ARN. */
  static Map<String, String> migrationSecretRef(Template t) {
    return Map.of(
        "Ref", logicalId(t, "AWS::SecretsManager::SecretTargetAttachment", "MigrationSecret"));
  }

  static Map<String, String> masterSecretRef(Template t) {
    return Map.of(
        "Ref", logicalId(t, "AWS::SecretsManager::SecretTargetAttachment", "MasterSecret"));
  }

  /** The logical id of the one resource of {@code type} whose JSON contains {@code marker}. */
  static String logicalId(Template t, String type, String marker) {
    var ids =
        t.findResources(type).entrySet().stream()
            .filter(e -> e.getValue().toString().contains(marker))
            .map(Map.Entry::getKey)
            .toList();
    assertEquals(1, ids.size(), type + " containing '" + marker + "': " + ids);
    return ids.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> props(Object resource) {
    return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
  }
}
