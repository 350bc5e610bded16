package dev.dbmigrate.engine;

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
 * {@code .java} source that the migrations module packages next to each class.
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
    String path = packageName.replace('.', '/');
    List<AvailableMigration> found = new ArrayList<>();
    for (String simpleName : simpleClassNames(path)) {
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
    return found;
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

  /** Top-level class names directly in the package, from every classpath root that has it. */
  private Set<String> simpleClassNames(String path) {
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
          addIfTopLevelClass(entry.substring(prefix.length()), names);
        }
      }
    }
  }

  private static void addFromDirectory(Path dir, Set<String> names) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> addIfTopLevelClass(f.getFileName().toString(), names));
    }
  }

  private static void addIfTopLevelClass(String fileName, Set<String> names) {
    if (fileName.endsWith(".class") && fileName.indexOf('$') < 0) {
      names.add(fileName.substring(0, fileName.length() - ".class".length()));
    }
  }
}
