package dev.dbmigrate.architecture;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked against the compiled main classes of every module that uses the
 * engine (this module depends on all of them, so it sees them together). A rule broken here fails
 * {@code mvn verify}; ARCHITECTURE.md says why each boundary exists.
 */
class ModuleBoundariesTest {

  private static final String ENGINE = "dev.dbmigrate.engine..";
  private static final String INTERNAL = "dev.dbmigrate.engine.internal..";

  /** What the engine must not use: package prefixes, each ending in a dot. */
  private static final List<String> FORBIDDEN_IN_ENGINE =
      List.of(
          "picocli.",
          "software.amazon.",
          "com.amazonaws.",
          "dev.dbmigrate.cli.",
          "dev.dbmigrate.lambda.",
          "dev.dbmigrate.aws.",
          "dev.dbmigrate.cdk.",
          "dev.dbmigrate.bench.",
          "dev.dbmigrate.junit.",
          "dev.dbmigrate.testing.");

  /** The modules whose main sources are read for their imports. */
  private static final List<String> MODULES =
      List.of(
          "engine",
          "migrations",
          "aws-secrets",
          "cli",
          "runtime-lambda",
          "bench",
          "cdk",
          "test-support",
          "junit");

  /**
   * The named exceptions to "nothing outside the engine uses its internals": origin class, then the
   * internal class it may use, each with the reason. Keep this list short.
   */
  private static final Map<String, String> INTERNAL_USE_ALLOWED =
      Map.of(
          "dev.dbmigrate.bench.PlanBenchmark -> dev.dbmigrate.engine.internal.Plan",
          "the JMH benchmark measures the plan computation itself, which no public method runs"
              + " without a database");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.dbmigrate", "db.migration");

  @Test
  void the_import_sees_every_module_it_checks() {
    for (String name :
        List.of(
            "dev.dbmigrate.engine.Migrator",
            "dev.dbmigrate.engine.internal.Plan",
            "dev.dbmigrate.engine.lint.Linter",
            "dev.dbmigrate.cli.Main",
            "dev.dbmigrate.lambda.MigrationHandler",
            "dev.dbmigrate.aws.SecretsManagerCredentials",
            "dev.dbmigrate.bench.PlanBenchmark",
            "dev.dbmigrate.testing.PostgresDatabase",
            "dev.dbmigrate.junit.MigratedDatabase",
            "db.migration.M20261124160632_CreateInitialDemoTable")) {
      assertTrue(CLASSES.contain(name), name + " was not imported; the rules would check nothing");
    }
  }

  /**
   * The class files do not show every use: javac copies a constant into the class that reads it,
   * and an annotation of source retention leaves nothing. So the imports of every main source are
   * read too, with the same rules as the two tests after this one.
   */
  @Test
  void no_source_file_imports_across_a_boundary() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertTrue(
        Files.isDirectory(root.resolve("engine/src/main/java")),
        "expected to run in architecture/ of the repository, not in "
            + Path.of("").toAbsolutePath());
    List<String> found = new ArrayList<>();
    for (String module : MODULES) {
      Path sources = root.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          checkImports(
              root.relativize(file), Files.readAllLines(file, StandardCharsets.UTF_8), found);
        }
      }
    }
    assertEquals(List.of(), found, "imports that cross a module boundary");
  }

  private static void checkImports(Path file, List<String> lines, List<String> found) {
    String pkg = "";
    String simpleName = file.getFileName().toString().replace(".java", "");
    for (String line : lines) {
      String l = line.strip();
      if (l.startsWith("package ")) {
        pkg = l.substring("package ".length(), l.indexOf(';')).strip();
      } else if (l.startsWith("import ")) {
        String imported = l.substring("import ".length(), l.indexOf(';')).strip();
        if (imported.startsWith("static ")) {
          imported = imported.substring("static ".length()).strip();
        }
        String origin = pkg + "." + simpleName;
        boolean inEngine =
            pkg.equals("dev.dbmigrate.engine") || pkg.startsWith("dev.dbmigrate.engine.");
        if (inEngine && FORBIDDEN_IN_ENGINE.stream().anyMatch(imported::startsWith)) {
          found.add(file + ": the engine imports " + imported);
        }
        if (!inEngine
            && imported.startsWith("dev.dbmigrate.engine.internal.")
            && !allowed(origin, imported)) {
          found.add(file + ": imports engine internals, " + imported);
        }
      }
    }
  }

  private static boolean allowed(String origin, String imported) {
    return INTERNAL_USE_ALLOWED.keySet().stream()
        .anyMatch(
            pair -> {
              String target = pair.substring(pair.indexOf(" -> ") + " -> ".length());
              return pair.startsWith(origin + " -> ")
                  && (imported.equals(target) || imported.startsWith(target + "."));
            });
  }

  @Test
  void the_engine_uses_no_cli_no_aws_and_no_other_module() {
    noClasses()
        .that()
        .resideInAPackage(ENGINE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            FORBIDDEN_IN_ENGINE.stream().map(prefix -> prefix + ".").toArray(String[]::new))
        .because(
            "the engine is the core that the CLI, the Lambda function and tests all call; it owns"
                + " no I/O choices (command line, cloud SDKs) of its own")
        .check(CLASSES);
  }

  @Test
  void nothing_outside_the_engine_uses_its_internals() {
    classes()
        .that()
        .resideOutsideOfPackage(ENGINE)
        .should(onlyHaveDependenciesWhere(notIntoEngineInternals()))
        .because(
            "engine.internal may change in any release; callers use the public API in"
                + " dev.dbmigrate.engine and dev.dbmigrate.engine.lint. The few exceptions are"
                + " named, with their reasons, in ModuleBoundariesTest.INTERNAL_USE_ALLOWED")
        .check(CLASSES);
  }

  @Test
  void the_database_spi_names_only_the_engines_public_model() {
    noClasses()
        .that()
        .resideInAPackage("dev.dbmigrate.engine.spi..")
        .and()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.engine.spi.Engines")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(INTERNAL)
        .because(
            "an adapter of another engine is written against the SPI and the engine's public"
                + " model alone; only Engines, which chooses among the adapters, knows them")
        .check(CLASSES);
  }

  @Test
  void only_engines_chooses_an_adapter() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.engine.spi.Engines")
        .and()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.engine.internal.PostgresAdapter")
        .and()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.engine.internal.MySqlAdapter")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.dbmigrate.engine.internal.PostgresAdapter")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.dbmigrate.engine.internal.MySqlAdapter")
        .because(
            "the engine is chosen in one place, from the JDBC URL and the server's metadata;"
                + " everything else asks the DatabaseAdapter it was given")
        .check(CLASSES);
  }

  @Test
  void the_engine_core_renders_in_the_targets_dialect_not_postgresqls() {
    noClasses()
        .that()
        .resideInAPackage(ENGINE)
        .and()
        .resideOutsideOfPackage("dev.dbmigrate.engine.lint..")
        .and()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.engine.internal.PostgresAdapter")
        // Its two-argument run is the linter's, whose rules are PostgreSQL's.
        .and()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.engine.internal.StatementCapture")
        .should()
        .accessField(org.jooq.SQLDialect.class, "POSTGRES")
        .because("a migration's DSLContext carries the dialect of the target's adapter")
        .check(CLASSES);
  }

  @Test
  void the_engines_public_api_mentions_no_internal_type() {
    classes()
        .that()
        .resideInAPackage(ENGINE)
        .and()
        .resideOutsideOfPackage(INTERNAL)
        .and()
        .arePublic()
        .should(exposeNoInternalType())
        .because("a caller must be able to use every public type without naming engine.internal")
        .check(CLASSES);
  }

  @Test
  void the_secrets_module_and_the_lambda_function_use_no_command_line() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.dbmigrate.aws..", "dev.dbmigrate.lambda..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("picocli..", "dev.dbmigrate.cli..")
        .because("the Lambda jar carries neither, and the CLI depends on them, not the reverse")
        .check(CLASSES);
  }

  @Test
  void the_command_line_reaches_the_lambda_function_only_through_the_lambda_api() {
    noClasses()
        .that()
        .resideInAPackage("dev.dbmigrate.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.dbmigrate.lambda..")
        .because("dbmigrate invoke calls the deployed function; runtime-lambda is not on its path")
        .check(CLASSES);
  }

  @Test
  void shipped_code_uses_no_test_fixtures_and_no_benchmarks() {
    noClasses()
        .that()
        .resideInAnyPackage(
            ENGINE,
            "dev.dbmigrate.cli..",
            "dev.dbmigrate.lambda..",
            "dev.dbmigrate.aws..",
            "db.migration..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.dbmigrate.testing..", "dev.dbmigrate.bench..")
        .check(CLASSES);
  }

  @Test
  void the_engine_the_secrets_module_and_the_lambda_function_neither_print_nor_exit() {
    noClasses()
        .that()
        .resideInAnyPackage(ENGINE, "dev.dbmigrate.aws..", "dev.dbmigrate.lambda..")
        .should(ACCESS_STANDARD_STREAMS)
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .because(
            "they return results and throw MigrationException; the caller renders them and, in"
                + " the CLI, chooses the exit code")
        .check(CLASSES);
  }

  @Test
  void in_the_command_line_only_main_exits() {
    noClasses()
        .that()
        .resideInAPackage("dev.dbmigrate.cli..")
        .and()
        .doNotHaveFullyQualifiedName("dev.dbmigrate.cli.Main")
        .should()
        .callMethod(System.class, "exit", int.class)
        .because("commands return their exit code, so tests can run them in-process")
        .check(CLASSES);
  }

  private static DescribedPredicate<Dependency> notIntoEngineInternals() {
    return DescribedPredicate.describe(
        "do not target " + INTERNAL + " (but for the named exceptions)",
        d -> {
          JavaClass target = d.getTargetClass();
          if (!isInternal(target)) {
            return true;
          }
          String origin = d.getOriginClass().getName();
          int nested = origin.indexOf('$');
          String topLevel = nested < 0 ? origin : origin.substring(0, nested);
          return INTERNAL_USE_ALLOWED.containsKey(topLevel + " -> " + target.getName());
        });
  }

  /** The class's supertypes and its public or protected members name no engine.internal type. */
  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>("expose no type of " + INTERNAL) {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        List<String> found = new ArrayList<>();
        javaClass.getSuperclass().ifPresent(t -> collect("extends", t, found));
        javaClass.getInterfaces().forEach(t -> collect("implements", t, found));
        for (JavaMember member : javaClass.getMembers()) {
          Set<JavaModifier> modifiers = member.getModifiers();
          if (!modifiers.contains(JavaModifier.PUBLIC)
              && !modifiers.contains(JavaModifier.PROTECTED)) {
            continue;
          }
          if (member instanceof JavaField field) {
            collect(field.getFullName(), field.getType(), found);
          } else if (member instanceof JavaCodeUnit code) {
            collect(code.getFullName() + " returns", code.getReturnType(), found);
            code.getParameterTypes().forEach(t -> collect(code.getFullName() + " takes", t, found));
            for (ThrowsDeclaration<?> thrown : code.getThrowsClause()) {
              collect(code.getFullName() + " throws", thrown.getRawType(), found);
            }
          }
        }
        for (String violation : found) {
          events.add(SimpleConditionEvent.violated(javaClass, violation));
        }
      }
    };
  }

  private static void collect(String where, JavaType type, List<String> found) {
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      if (isInternal(raw)) {
        found.add(where + " " + raw.getName());
      }
    }
  }

  private static boolean isInternal(JavaClass type) {
    String pkg = type.getPackageName();
    return pkg.equals("dev.dbmigrate.engine.internal")
        || pkg.startsWith("dev.dbmigrate.engine.internal.");
  }
}
