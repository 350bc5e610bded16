package dev.dbmigrate.cli.commands;

import dev.dbmigrate.engine.MigrationName;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files {@code dbmigrate init} writes, relative to the repository's root, in order. */
final class ProjectTemplate {

  static final String JAVA_DIR = "migrations/src/main/java";

  /** Where SQL migrations live: {@code <timestamp>_<Name>.up.sql} and {@code .down.sql}. */
  static final String SQL_DIR = "migrations/src/main/resources/db/migration";

  static final String IGNORE_COMMENT =
      "# dbmigrate: the IDE's build of the migrations, and a compile cache kept in the repository"
          + " (DBMIGRATE_CACHE_DIR=.dbmigrate-cache, e.g. for a CI cache)";

  static final List<String> IGNORED = List.of("/migrations/target/", "/.dbmigrate-cache/");

  private final String engineVersion;
  private final MigrationName example;

  ProjectTemplate(String engineVersion, LocalDateTime now) {
    this.engineVersion = engineVersion;
    this.example = MigrationName.create(now, "CreateExampleTable");
  }

  Map<Path, String> files() {
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(Path.of("dbmigrate.properties"), properties());
    files.put(
        Path.of(JAVA_DIR, "db", "migration", example.className() + ".java"), exampleMigration());
    files.put(Path.of(SQL_DIR, ".gitkeep"), "");
    files.put(Path.of("migrations", "pom.xml"), pom());
    return files;
  }

  private static String properties() {
    return """
        # dbmigrate settings for this repository. Each setting is also an option (--lock-timeout)
        # and an environment variable (DBMIGRATE_LOCK_TIMEOUT); options win, then variables, then
        # this file. 'dbmigrate --help' and the README's Configuration section list them all.

        # For every environment. A relative folder is relative to this file.
        migrations-dir = %s
        # lock-timeout = 5s
        # statement-timeout = 30m

        # A developer's database: dbmigrate --env development latest
        # env.development.url = jdbc:postgresql://localhost:5432/app
        # env.development.user = app

        # CI's throwaway database; the password from the environment (DBMIGRATE_PASSWORD or PGPASSWORD).
        # env.ci.url = jdbc:postgresql://localhost:5432/app_test
        # env.ci.user = postgres

        # Production through a tunnel (bin/db-tunnel), credentials from AWS Secrets Manager.
        # env.production.secret-id = arn:aws:secretsmanager:eu-west-1:111111111111:secret:app-db
        # env.production.host = localhost
        # env.production.port = 15432
        # env.production.lock-timeout = 2s
        """
        .formatted(JAVA_DIR);
  }

  private String exampleMigration() {
    return """
        package db.migration;

        import static org.jooq.impl.SQLDataType.BIGINT;
        import static org.jooq.impl.SQLDataType.VARCHAR;

        import dev.dbmigrate.engine.Migration;
        import org.jooq.DSLContext;

        /** An example: replace it, or delete it before it is applied anywhere. */
        public class %s implements Migration {

          @Override
          public void up(DSLContext db) {
            db.createTable("example")
                .column("id", BIGINT.identity(true))
                .column("name", VARCHAR(200).notNull())
                .primaryKey("id")
                .execute();
          }

          @Override
          public void down(DSLContext db) {
            db.dropTable("example").execute();
          }
        }
        """
        .formatted(example.className());
  }

  /**
   * Only for the IDE: dbmigrate compiles the migrations itself. It resolves once the engine is in
   * the local Maven repository ({@code mvn install} of the engine from dbmigrate's sources).
   */
  private String pom() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- For the IDE only (completion and errors while editing migrations): dbmigrate compiles
             the migrations itself and needs no build. Open this file as a Maven project. It needs
             dbmigrate's engine in the local Maven repository: from dbmigrate's sources,
             mvn -B install -pl engine -am -DskipTests -->
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>local.dbmigrate</groupId>
          <artifactId>migrations</artifactId>
          <version>1</version>
          <name>migrations</name>

          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>

          <dependencies>
            <!-- The Migration interface and jOOQ, the same versions dbmigrate compiles against. -->
            <dependency>
              <groupId>dev.dbmigrate</groupId>
              <artifactId>dbmigrate-engine</artifactId>
              <version>%s</version>
            </dependency>
          </dependencies>
        </project>
        """
        .formatted(engineVersion);
  }
}
