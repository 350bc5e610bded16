package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The README's example app, compiled outside the library's package (so it uses only the public API)
 * and synthesized: the constructs deploy a team's own jar, and the stage is cdk-nag clean.
 */
class OrdersAppTest {

  @TempDir static Path tempDir;

  @Test
  @SuppressWarnings("deprecation") // Annotations.findError returns the deprecated SynthesisMessage
  void the_example_app_synthesizes_with_the_teams_jar_and_no_cdk_nag_finding() throws Exception {
    Path jar = tempDir.resolve("dbmigrate-lambda.jar");
    try (var out = new ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry("db/migration/README.txt"));
      out.closeEntry();
    }
    var app = new App(AppProps.builder().outdir(tempDir.resolve("out").toString()).build());
    Stack pipeline = OrdersApp.build(app, jar);
    app.synth();

    Stage stage = (Stage) pipeline.getNode().findChild("Production");
    Stack orders = (Stack) stage.getNode().findChild("Orders");
    var t = Template.fromStack(orders);
    t.hasResourceProperties(
        "AWS::RDS::DBCluster", Map.of("DatabaseName", "orders", "Engine", "aurora-postgresql"));
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of("Handler", "dev.dbmigrate.lambda.MigrationHandler::handleRequest"));
    t.resourceCountIs("Custom::DbMigrateMigrationUser", 1);
    t.resourceCountIs("AWS::EC2::Instance", 1);
    t.resourceCountIs("AWS::CloudWatch::Alarm", 1);
    t.hasResourceProperties(
        "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com"));
    t.hasResourceProperties(
        "AWS::IAM::Role", Map.of("RoleName", "Orders-Database-invoker-eu-west-1"));
    var findings =
        Annotations.fromStack(orders)
            .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
            .stream()
            .map(m -> m.getId() + ": " + m.getEntry().getData())
            .toList();
    assertEquals(List.of(), findings);

    var p = Template.fromStack(pipeline);
    p.hasResourceProperties(
        "AWS::IAM::Role", Map.of("RoleName", "Orders-Pipeline-Production-migrate-eu-west-1"));
    String migrate =
        "bash bin/dbmigrate invoke --function \"$FUNCTION_NAME\" --command latest"
            + " --role-arn \"$INVOKER_ROLE_ARN\"";
    var build = Map.of("build", Map.of("commands", List.of(migrate)));
    var spec = Match.objectLike(Map.of("phases", Match.objectLike(build)));
    p.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Map.of("Source", Match.objectLike(Map.of("BuildSpec", Match.serializedJson(spec)))));
  }

  @Test
  void the_readme_shows_this_example_as_it_is() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    String source =
        Files.readString(Path.of("src/test/java/com/example/orders/OrdersApp.java"))
            .replaceFirst("(?s)^package [^;]+;\\s*", "");
    assertTrue(
        readme.contains("```java\n" + source + "```"),
        "README.md's example app differs from src/test/java/com/example/orders/OrdersApp.java"
            + " (without its package line): copy the file into the README");
  }

  @Test
  void the_constructs_do_not_depend_on_the_reference_app() throws Exception {
    try (var files = Files.list(Path.of("src/main/java/dev/dbmigrate/cdk"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        assertTrue(!text.contains("dev.dbmigrate.cdk.app"), file + " uses the reference app");
        assertTrue(!text.contains("StageSettings"), file + " uses StageSettings");
      }
    }
  }

  @Test
  void every_public_declaration_of_the_constructs_has_javadoc() throws Exception {
    try (var files = Files.list(Path.of("src/main/java/dev/dbmigrate/cdk"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (!line.startsWith("public ")) {
            continue;
          }
          int j = i - 1;
          boolean override = false;
          while (j >= 0 && lines.get(j).strip().startsWith("@")) {
            override |= lines.get(j).strip().equals("@Override");
            j--;
          }
          String before = j >= 0 ? lines.get(j).strip() : "";
          assertTrue(
              override || before.endsWith("*/"),
              file.getFileName() + ":" + (i + 1) + " has no javadoc: " + line);
        }
      }
    }
  }
}
