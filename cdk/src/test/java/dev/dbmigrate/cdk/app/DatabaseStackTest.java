package dev.dbmigrate.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                          secretRef(t),
                          "DBMIGRATE_DB_NAME",
                          Database.DATABASE_NAME,
                          "DBMIGRATE_SSLMODE",
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
                                      "Resource", secretRef(t)))))),
              "Roles",
                  List.of(
                      Map.of("Ref", Match.stringLikeRegexp("^MigrationFunctionServiceRole.*")))));
    }
  }

  @Test
  void database_admits_only_the_function_bastion_and_rotation_security_groups() {
    for (Template t : List.of(dev, prod)) {
      String databaseSg = logicalId(t, "AWS::EC2::SecurityGroup", "Aurora PostgreSQL");
      String functionSg = logicalId(t, "AWS::EC2::SecurityGroup", "dbmigrate migration function");
      String bastionSg = logicalId(t, "AWS::EC2::SecurityGroup", "SSM bastion");
      String rotationSg = logicalId(t, "AWS::EC2::SecurityGroup", "Secret rotation function");
      t.hasResourceProperties(
          "AWS::EC2::SecurityGroupIngress",
          Map.of(
              "GroupId",
              Map.of("Fn::GetAtt", List.of(databaseSg, "GroupId")),
              "IpProtocol",
              "tcp",
              "FromPort",
              Database.PORT,
              "ToPort",
              Database.PORT,
              "SourceSecurityGroupId",
              Map.of("Fn::GetAtt", List.of(functionSg, "GroupId"))));
      t.hasResourceProperties(
          "AWS::EC2::SecurityGroupIngress",
          Map.of(
              "GroupId", Map.of("Fn::GetAtt", List.of(databaseSg, "GroupId")),
              "FromPort", Database.PORT,
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
      assertEquals(List.of(bastionSg, rotationSg, functionSg).stream().sorted().toList(), sources);
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
                              Map.of("AWS", arn(":iam::" + SynthesizedApp.DEV_ACCOUNT + ":root")),
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
                                                  logicalId(t, "AWS::Lambda::Function", ""),
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
      t.allResourcesProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", Match.absent()));
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
                "Staging", SynthesizedApp.DEV_ACCOUNT, SynthesizedApp.REGION, false, false),
            SynthesizedApp.dummyJar(tempDir),
            new MigrationCaller(
                SynthesizedApp.DEV_ACCOUNT, "DbMigrate-Pipeline-Staging-migrate-eu-west-1"));
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
    dev.hasOutput(
        DatabaseStack.FUNCTION_NAME_OUTPUT,
        Map.of("Value", Map.of("Ref", logicalId(dev, "AWS::Lambda::Function", ""))));
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

  /** {@code arn:<partition><rest>} as CloudFormation joins it. */
  static Map<String, Object> arn(String rest) {
    return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), rest)));
  }

  /** The secret as the cluster hands it out: its attachment, whose Ref is the secret's ARN. */
  static Map<String, String> secretRef(Template t) {
    return Map.of("Ref", logicalId(t, "AWS::SecretsManager::SecretTargetAttachment", ""));
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
