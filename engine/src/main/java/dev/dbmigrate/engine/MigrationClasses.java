package dev.dbmigrate.engine;

import java.lang.reflect.InvocationTargetException;

/** Turns a class name into a {@link Migration} instance with messages that name the fix. */
public final class MigrationClasses {

  private MigrationClasses() {}

  public static Migration instantiate(ClassLoader loader, String className, MigrationName name) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          name.toString(),
          "migration " + name + ": class " + className + " could not be loaded (" + e + ")",
          e);
    }
    if (!Migration.class.isAssignableFrom(type)) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          name.toString(),
          "migration "
              + name
              + ": class "
              + className
              + " does not implement "
              + Migration.class.getName()
              + "; add 'implements Migration'",
          null);
    }
    try {
      return (Migration) type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          name.toString(),
          "migration "
              + name
              + ": class "
              + className
              + " needs a public constructor without arguments",
          e);
    } catch (InstantiationException | InvocationTargetException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new MigrationException(
          ErrorCode.INVALID_MIGRATIONS,
          name.toString(),
          "migration " + name + ": creating " + className + " failed: " + cause,
          cause);
    }
  }
}
