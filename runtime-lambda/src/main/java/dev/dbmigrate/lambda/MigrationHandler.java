package dev.dbmigrate.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dbmigrate.aws.SecretsManagerCredentials;
import dev.dbmigrate.engine.ClasspathMigrationSource;
import dev.dbmigrate.engine.ErrorCode;
import dev.dbmigrate.engine.MigrationException;
import dev.dbmigrate.engine.MigrationSource;
import dev.dbmigrate.engine.Migrator;
import dev.dbmigrate.engine.MigratorConfig;
import dev.dbmigrate.engine.settings.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The migration engine as a Lambda function: {@code
 * dev.dbmigrate.lambda.MigrationHandler::handleRequest}. The event names the command ({@code
 * {"command": "latest"}} when empty); the reply is the CLI's JSON shape. Every failure fails the
 * invocation with a {@link MigrationFailedError} whose message is the failure as JSON, so a caller
 * never mistakes a reply for success.
 *
 * <p>The constructor runs once per container: it reads the settings, the secret and the CA bundle;
 * an invocation only bounds the engine by its own remaining time ({@link InvocationDeadline}),
 * waits for a database that is resuming ({@link ResumingConnections}) and dispatches. A settings
 * error is kept and reported by every invocation (a constructor that throws would lose the JSON
 * shape: the runtime reports it as an init error of its own). A secret that cannot be read yet is
 * tried again by the next invocation.
 */
public final class MigrationHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {

  private final InvocationLog log;
  private final MigrationException initFailure;
  private final Database database;
  private final MigrationSource source;
  private final MigratorConfig engineConfig;

  /** The one the Lambda runtime calls: settings from the function's environment. */
  public MigrationHandler() {
    this(System.getenv(), null);
  }

  /**
   * For tests and local runs.
   *
   * @param env the settings, as the function's environment would hold them
   * @param secretsClient the Secrets Manager client to use (the caller closes it), or null for the
   *     SDK's default one, made only when DBMIGRATE_SECRET_ID is set
   */
  public MigrationHandler(Map<String, String> env, Supplier<SecretsManagerClient> secretsClient) {
    quietJooq();
    log = new InvocationLog(LambdaRuntime.getLogger());
    MigrationException failure = null;
    Database db = null;
    MigrationSource migrations = null;
    MigratorConfig config = null;
    try {
      LambdaSettings settings = LambdaSettings.from(env);
      log.line("settings: " + settings.describe());
      Map<String, String> tls = tls(settings);
      db = new Database(settings, credentials(settings, secretsClient), tls);
      migrations =
          new ClasspathMigrationSource(getClass().getClassLoader(), settings.migrationsPackage());
      config = settings.engine();
    } catch (MigrationException e) {
      failure = e;
      log.line("init failed, every invocation will fail: " + e.code() + ": " + e.getMessage());
    }
    initFailure = failure;
    database = db;
    source = migrations;
    engineConfig = config;
    if (database != null) {
      readSecret();
    }
  }

  private void readSecret() {
    try {
      database.prepare();
      log.line("database: " + database.describe());
    } catch (MigrationException e) {
      log.line("init: " + e.getMessage() + "; the next invocation tries again");
    }
  }

  /**
   * Synchronized: a container that is given several invocations at once (Lambda managed instances)
   * runs them one after the other, as the migration lock would anyway.
   */
  @Override
  public synchronized Map<String, Object> handleRequest(
      Map<String, Object> event, Context context) {
    String command = Request.commandOf(event);
    log.begin(command, logger(context));
    long start = System.nanoTime();
    List<String> notes = new ArrayList<>();
    try (InvocationDeadline deadline = InvocationDeadline.of(context, log::line)) {
      if (initFailure != null) {
        throw initFailure;
      }
      Request request = Request.of(event);
      log.line("start " + request.describe());
      deadline.requireTimeToStart();
      database.prepare();
      ResumingConnections connections =
          new ResumingConnections(database, deadline.cancelAt(), log::line);
      Migrator migrator =
          new Migrator(deadline.track(connections), source, deadline.bound(engineConfig), log);
      Map<String, Object> reply;
      try {
        reply = runBeforeDeadline(request, migrator, deadline);
      } finally {
        connections.note().ifPresent(notes::add);
      }
      reply.put("target", target());
      if (!notes.isEmpty()) {
        reply.put("notes", List.copyOf(notes));
      }
      log.line(
          "done: "
              + Replies.summary(reply)
              + " in "
              + (System.nanoTime() - start) / 1_000_000
              + " ms");
      return reply;
    } catch (MigrationException e) {
      throw fail(command, e, notes);
    } catch (RuntimeException e) {
      throw fail(
          command,
          new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e),
          notes);
    }
  }

  /**
   * Runs the request; a failure once the invocation's time was nearly up is reported as {@link
   * ErrorCode#TIME_LIMIT}, after the pool's connections were closed, so that no session of this
   * container can keep the run lock while it is frozen.
   */
  private Map<String, Object> runBeforeDeadline(
      Request request, Migrator migrator, InvocationDeadline deadline) {
    try {
      return runRotatingOnce(request, migrator);
    } catch (MigrationException e) {
      if (!deadline.reached() || !InvocationDeadline.causedByCancel(e.code())) {
        throw e;
      }
      database.discardConnections();
      throw deadline.timeLimit(e);
    }
  }

  /**
   * Runs the request; when the database refuses the credentials, reads the secret again and, if it
   * changed (a rotation), runs once more on a new pool. An unchanged secret would be refused again,
   * so the first failure stands.
   */
  private Map<String, Object> runRotatingOnce(Request request, Migrator migrator) {
    try {
      return request.runOn(migrator, database::onDatabase);
    } catch (MigrationException e) {
      if (e.code() != ErrorCode.AUTHENTICATION || !database.canRotate()) {
        throw e;
      }
      log.line(
          "the database refused the credentials; reading secret " + database.secretId() + " again");
      boolean changed;
      try {
        changed = database.rotate();
      } catch (MigrationException readFailure) {
        e.addSuppressed(readFailure);
        log.line("reading the secret again failed: " + readFailure.getMessage());
        throw e;
      }
      if (!changed) {
        log.line("the secret has not changed; not retrying");
        throw e;
      }
      log.line("the secret changed (rotated); retrying as " + database.describe());
      return request.runOn(migrator, database::onDatabase);
    }
  }

  private MigrationFailedError fail(String command, MigrationException e, List<String> notes) {
    log.line(
        "failed: "
            + e.code()
            + (e.migration() == null ? "" : " in " + e.migration())
            + ": "
            + Replies.message(e));
    return new MigrationFailedError(
        Replies.failure(
            command, database == null ? null : database.target(), e, log.executed(), notes),
        e.code());
  }

  /** The JSON field {@code target}, or null before the database is known. */
  private Map<String, Object> target() {
    Target t = database == null ? null : database.target();
    return t == null ? null : t.toJson();
  }

  private static SecretsManagerCredentials credentials(
      LambdaSettings settings, Supplier<SecretsManagerClient> client) {
    if (settings.secretId() == null) {
      return null;
    }
    return client == null
        ? SecretsManagerCredentials.create(settings.secretId(), settings.region())
        : new SecretsManagerCredentials(client.get(), settings.secretId());
  }

  /** sslmode, plus the shipped RDS CA bundle as sslrootcert when the mode checks certificates. */
  private static Map<String, String> tls(LambdaSettings settings) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sslmode", settings.sslMode());
    if (settings.sslMode().startsWith("verify-")) {
      params.put("sslrootcert", RdsCaBundle.extract().toString());
    }
    return params;
  }

  private static LambdaLogger logger(Context context) {
    return context != null && context.getLogger() != null
        ? context.getLogger()
        : LambdaRuntime.getLogger();
  }

  /** jOOQ prints a banner and a tip to the log when it first loads, unless told not to. */
  private static void quietJooq() {
    for (String property : new String[] {"org.jooq.no-logo", "org.jooq.no-tips"}) {
      if (System.getProperty(property) == null) {
        System.setProperty(property, "true");
      }
    }
  }

  /** Closes the pool and a Secrets Manager client the handler made. Lambda never calls it. */
  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }
}
