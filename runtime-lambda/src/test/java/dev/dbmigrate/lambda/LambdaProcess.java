package dev.dbmigrate.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started the way the Lambda Java runtime starts a function: the runtime interface
 * client's main class with the handler string, the Runtime API address in AWS_LAMBDA_RUNTIME_API,
 * and the working directory as the task root that the client loads code from.
 */
final class LambdaProcess implements AutoCloseable {

  static final String HANDLER = "dev.dbmigrate.lambda.MigrationHandler::handleRequest";
  static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  private final Process process;
  private final Path output;

  private LambdaProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** The packaged function jar, built by the package phase before the integration tests. */
  static Path functionJar() {
    Path jar = Path.of(requiredProperty("dbmigrate.lambda.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: run 'mvn verify', which packages it"
              + " before the integration tests");
    }
    return jar;
  }

  /** The runtime interface client and its libraries, resolved by Maven for this test. */
  static List<String> runtimeClasspath() throws IOException {
    String text = Files.readString(Path.of(requiredProperty("dbmigrate.lambda.runtime.classpath")));
    List<String> entries = List.of(text.strip().split(File.pathSeparator));
    if (entries.stream().noneMatch(e -> e.contains("aws-lambda-java-runtime-interface-client"))) {
      throw new IllegalStateException("the runtime interface client is not in " + entries);
    }
    return entries;
  }

  /**
   * Starts the runtime. {@code classpath} is what the JVM gets with -cp; {@code taskRoot} is its
   * working directory. Everything it prints goes to {@code taskRoot}/../lambda-output.log.
   */
  static LambdaProcess start(List<String> classpath, Path taskRoot, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The flags the managed Java runtime starts functions with, for a comparable start-up.
    command.addAll(
        List.of(
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx512m",
            "-Djava.net.preferIPv4Stack=true"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(MAIN);
    command.add(HANDLER);
    Path output = taskRoot.resolveSibling("lambda-output.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(taskRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> childEnv = builder.environment();
    // Nothing of the developer's own AWS or dbmigrate settings may leak into the function.
    childEnv
        .keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("DBMIGRATE_")
                    || k.startsWith("PG")
                    || k.startsWith("_"));
    childEnv.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    childEnv.put("_HANDLER", HANDLER);
    childEnv.put("AWS_LAMBDA_FUNCTION_NAME", "dbmigrate");
    childEnv.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    childEnv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    childEnv.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/dbmigrate");
    childEnv.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/24/[$LATEST]test");
    childEnv.put("AWS_EC2_METADATA_DISABLED", "true");
    childEnv.putAll(env);
    return new LambdaProcess(builder.start(), output);
  }

  String output() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the JVM: politely first, then forcibly; never waits longer than a few seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set; this test runs"
              + " under maven-failsafe-plugin (mvn verify), which sets it");
    }
    return value;
  }
}
