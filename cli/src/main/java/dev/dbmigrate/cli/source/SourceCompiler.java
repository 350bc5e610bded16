package dev.dbmigrate.cli.source;

import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles migration sources in-process with the JDK's compiler, against the CLI's classpath. */
final class SourceCompiler {

  private SourceCompiler() {}

  static void compile(List<Path> sources, Path outputDir, Path sourceRoot) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new MigrationException(
          ErrorCode.CONFIGURATION,
          "compiling migrations needs a JDK, but this Java ("
              + System.getProperty("java.home")
              + ") has no compiler; run dbmigrate with a JDK 17 or newer");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-d",
              outputDir.toString(),
              "-classpath",
              System.getProperty("java.class.path") + java.io.File.pathSeparator + outputDir,
              "-sourcepath",
              sourceRoot.toString(),
              "-implicit:none",
              "-proc:none",
              "-g",
              "-encoding",
              "UTF-8",
              "--release",
              "17",
              "-nowarn");
      StringWriter compilerOutput = new StringWriter();
      boolean ok =
          javac
              .getTask(
                  compilerOutput,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      if (!ok) {
        throw new MigrationException(ErrorCode.COMPILATION, describe(diagnostics, sourceRoot));
      }
    } catch (IOException e) {
      throw new MigrationException(ErrorCode.INTERNAL, "compiler I/O failed: " + e.getMessage(), e);
    }
  }

  /**
   * javac's message on one line. It puts what is missing on lines of its own ("cannot find symbol"
   * then "symbol: method foo(String)" and "location: ..."), and those name the thing to fix.
   */
  static String oneLine(String message) {
    return message
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce((first, more) -> first + (first.endsWith(":") ? " " : "; ") + more)
        .orElse("")
        .replaceAll("\\s+", " ");
  }

  private static String describe(DiagnosticCollector<JavaFileObject> diagnostics, Path root) {
    List<String> lines = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String where =
          d.getSource() == null
              ? ""
              : root.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ";
      lines.add("  " + where + oneLine(d.getMessage(Locale.ROOT)));
    }
    return "migration sources do not compile; nothing was applied. Fix these errors and run again:\n"
        + String.join("\n", lines);
  }
}
