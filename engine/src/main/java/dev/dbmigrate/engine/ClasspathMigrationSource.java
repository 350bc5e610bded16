package dev.dbmigrate.engine;

import dev.dbmigrate.engine.spi.SqlSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds migration classes in one package on the classpath, in directories or jars, by name. This is
 * how the packaged jar (the Lambda function) finds its migrations. The checksum is read from the
 * {@code .java} source that the migrations module packages next to each class. SQL migrations
 * ({@code .up.sql} and {@code .down.sql} resources in the same package, which Maven copies there
 * from {@code src/main/resources/db/migration}) are found beside them, with the same checksum as
 * from the file system.
 */
public final class ClasspathMigrationSource implements MigrationSource {

  private final ClassLoader loader;
  private final String packageName;

  public ClasspathMigrationSource(ClassLoader loader, String packageName) {
    this.loader = loader;
    this.packageName = packageName;
  }

  @Override
  public List<AvailableMigration> migrations() {
    return migrations(SqlSyntax.POSTGRESQL);
  }

  @Override
  public List<AvailableMigration> migrations(SqlSyntax syntax) {
    String path = packageName.replace('.', '/');
    List<AvailableMigration> found = new ArrayList<>();
    Set<String> fileNames = fileNames(path);
    List<SqlMigrationFiles.Found> sqlFiles = new ArrayList<>();
    for (String fileName : fileNames) {
      if (MigrationName.looksLikeSqlMigration(fileName)) {
        sqlFiles.add(new SqlMigrationFiles.Found(fileName, path + "/" + fileName));
      }
    }
    for (String simpleName : topLevelClassNames(fileNames)) {
      if (!MigrationName.looksLikeMigration(simpleName)) {
        if (MigrationName.looksMisnamed(simpleName)) {
          throw MigrationName.misnamed(simpleName, "package " + packageName);
        }
        continue;
      }
      MigrationName name = MigrationName.ofClassName(simpleName);
      String className = packageName + "." + simpleName;
      String checksum = SourceChecksum.of(source(path + "/" + simpleName + ".java", name));
      found.add(
          new AvailableMigration(
              name,
              checksum,
              className,
              () -> MigrationClasses.instantiate(loader, className, name)));
    }
    found.addAll(SqlMigrationFiles.pair(sqlFiles, this::sqlText, syntax));
    return found;
  }

  private String sqlText(String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException(resource + " is not on the classpath"));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> topLevelClassNames(Set<String> fileNames) {
    Set<String> names = new TreeSet<>();
    for (String f : fileNames) {
      if (f.endsWith(".class") && f.indexOf('$') < 0) {
        names.add(f.substring(0, f.length() - ".class".length()));
      }
    }
    return names;
  }

  private String source(String resource, MigrationName name) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new MigrationException(
            ErrorCode.INVALID_MIGRATIONS,
            name.toString(),
            "migration "
                + name
                + ": its source "
                + resource
                + " is not on the classpath, so its"
                + " checksum can't be verified; package the .java sources with the classes"
                + " (the migrations module does this)",
            null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the files directly in the package, from every classpath root that has it. */
  private Set<String> fileNames(String path) {
    Set<String> names = new TreeSet<>();
    try {
      Enumeration<URL> roots = loader.getResources(path);
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if ("jar".equals(url.getProtocol())) {
          addFromJar(url, path, names);
        } else if ("file".equals(url.getProtocol())) {
          addFromDirectory(Path.of(url.toURI()), names);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  private static void addFromJar(URL url, String path, Set<String> names) throws IOException {
    JarURLConnection connection = (JarURLConnection) url.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      String prefix = path + "/";
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
          names.add(entry.substring(prefix.length()));
        }
      }
    }
  }

  private static void addFromDirectory(Path dir, Set<String> names) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
    }
  }
}
