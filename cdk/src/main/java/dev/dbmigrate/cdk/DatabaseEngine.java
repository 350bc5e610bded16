package dev.dbmigrate.cdk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.services.rds.AuroraMysqlClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraMysqlEngineVersion;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.secretsmanager.SecretRotationApplication;

/**
 * The Aurora engines a {@link Database} can run, each with what differs between them: version,
 * port, the parameter that refuses clients without TLS, and the rotation application for a
 * single-user secret. Both run as Serverless v2 with auto-pause (PostgreSQL 16.3+, MySQL 3.08+).
 */
public enum DatabaseEngine {
  /** Aurora PostgreSQL 16, port 5432; the default. */
  POSTGRESQL("postgresql", 5432),
  /** Aurora MySQL 3 (MySQL 8.0 compatible), port 3306. */
  MYSQL("mysql", 3306);

  private final String key;
  private final int port;

  DatabaseEngine(String key, int port) {
    this.key = key;
    this.port = port;
  }

  /**
   * The engine named {@code text} ({@code postgresql} or {@code mysql}, any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static DatabaseEngine parse(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(engine -> engine.key.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("expected one of " + keys() + ", got '" + text + "'"));
  }

  /** The accepted names, for messages. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(DatabaseEngine::key).toList();
  }

  /** The name {@link #parse} accepts: {@code postgresql} or {@code mysql}. */
  public String key() {
    return key;
  }

  /** The port the cluster listens on. */
  public int port() {
    return port;
  }

  /** The engine with its pinned version, as the cluster takes it. */
  public IClusterEngine clusterEngine() {
    return switch (this) {
      case POSTGRESQL ->
          DatabaseClusterEngine.auroraPostgres(
              AuroraPostgresClusterEngineProps.builder()
                  .version(AuroraPostgresEngineVersion.VER_16_13)
                  .build());
      case MYSQL ->
          DatabaseClusterEngine.auroraMysql(
              AuroraMysqlClusterEngineProps.builder()
                  .version(AuroraMysqlEngineVersion.VER_3_12_0)
                  .build());
    };
  }

  /** Cluster parameters under which the server refuses a client that does not use TLS. */
  public Map<String, String> tlsOnlyParameters() {
    return switch (this) {
      case POSTGRESQL -> Map.of("rds.force_ssl", "1");
      case MYSQL -> Map.of("require_secure_transport", "ON");
    };
  }

  /** The AWS rotation function for a secret whose user changes its own password. */
  public SecretRotationApplication singleUserRotation() {
    return switch (this) {
      case POSTGRESQL -> SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER;
      case MYSQL -> SecretRotationApplication.MYSQL_ROTATION_SINGLE_USER;
    };
  }
}
