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
import software.amazon.awssdk.services.s3.S3Client;
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
 *
 * <p>For a fleet's state machine, an event with a {@code "target"} ({@link FleetItem}) runs on that
 * target, with a pool made for the invocation and closed after it, and {@code fleet-targets}
 * ({@link FleetTargets}) lists a fleet's targets to S3.
 */
public final class MigrationHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {

  private final InvocationLog log;
  private final MigrationException initFailure;
  private final LambdaSettings settings;
  private final Map<String, String> tls;
  private final Database database;
  private final MigrationSource source;
  private final MigratorConfig engineConfig;
  private final AwsClients clients;

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
    this(env, secretsClient, null);
  }

  /**
   * For tests of a fleet: the S3 client too.
   *
   * @param s3Client the S3 client {@code fleet-targets} uses (the caller closes it), or null for
   *     the SDK's default one, made on first use
   */
  public MigrationHandler(
      Map<String, String> env,
      Supplier<SecretsManagerClient> secretsClient,
      Supplier<S3Client> s3Client) {
    quietJooq();
    log = new InvocationLog(LambdaRuntime.getLogger());
    MigrationException failure = null;
    LambdaSettings read = null;
    Map<String, String> params = null;
    Database db = null;
    MigrationSource migrations = null;
    MigratorConfig config = null;
    try {
      read = LambdaSettings.from(env);
      log.line("settings: " + read.describe());
      params = tls(read);
      db = new Database(read, credentials(read, secretsClient), params);
      migrations =
          new ClasspathMigrationSource(getClass().getClassLoader(), read.migrationsPackage());
      config = read.engine();
    } catch (MigrationException e) {
      failure = e;
      log.line("init failed, every invocation will fail: " + e.code() + ": " + e.getMessage());
    }
    initFailure = failure;
    settings = read;
    tls = params;
    database = db;
    source = migrations;
    engineConfig = config;
    clients = new AwsClients(read == null ? null : read.region(), secretsClient, s3Client);
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
    String targetName = FleetItem.nameOf(event);
    Database db = targetName == null ? database : null;
    try (InvocationDeadline deadline = InvocationDeadline.of(context, log::line)) {
      if (initFailure != null) {
        throw initFailure;
      }
      if (FleetTargets.COMMAND.equals(command)) {
        return new FleetTargets(new S3Objects(clients::s3), clients::secrets).run(event, log);
      }
      Request request = Request.of(event);
      log.line("start " + request.describe());
      deadline.requireTimeToStart();
      MigratorConfig config = engineConfig;
      if (request.target() != null) {
        FleetItem t = request.target();
        LambdaSettings forTarget = settings.forTarget(t.secretId(), t.url(), t.schema());
        config = forTarget.engine();
        db =
            new Database(
                forTarget,
                t.secretId() == null
                    ? null
                    : new SecretsManagerCredentials(clients.secrets(), t.secretId()),
                tls);
      }
      try {
        Map<String, Object> reply = run(request, db, config, deadline, notes);
        if (request.target() != null) {
          reply.put("target", request.target().name());
          reply.put("connected", target(db));
        } else {
          reply.put("target", target(db));
        }
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
      } finally {
        if (db != database) {
          db.close();
        }
      }
    } catch (MigrationException e) {
      throw fail(command, targetName, db, e, notes);
    } catch (RuntimeException e) {
      throw fail(
          command,
          targetName,
          db,
          new MigrationException(ErrorCode.INTERNAL, "unexpected failure: " + e, e),
          notes);
    }
  }

  /** Runs the request on {@code db}: the configured database, or one target's. */
  private Map<String, Object> run(
      Request request,
      Database db,
      MigratorConfig config,
      InvocationDeadline deadline,
      List<String> notes) {
    db.prepare();
    ResumingConnections connections = new ResumingConnections(db, deadline.cancelAt(), log::line);
    Migrator migrator =
        new Migrator(deadline.track(connections), source, deadline.bound(config), log);
    try {
      return runBeforeDeadline(request, db, migrator, deadline);
    } finally {
      connections.note().ifPresent(notes::add);
    }
  }

  /**
   * Runs the request; a failure once the invocation's time was nearly up is reported as {@link
   * ErrorCode#TIME_LIMIT}, after the pool's connections were closed, so that no session of this
   * container can keep the run lock while it is frozen.
   */
  private Map<String, Object> runBeforeDeadline(
      Request request, Database db, Migrator migrator, InvocationDeadline deadline) {
    try {
      return runRotatingOnce(request, db, migrator);
    } catch (MigrationException e) {
      if (!deadline.reached() || !InvocationDeadline.causedByCancel(e.code())) {
        throw e;
      }
      db.discardConnections();
      throw deadline.timeLimit(e);
    }
  }

  /**
   * Runs the request; when the database refuses the credentials, reads the secret again and, if it
   * changed (a rotation), runs once more on a new pool. An unchanged secret would be refused again,
   * so the first failure stands.
   */
  private Map<String, Object> runRotatingOnce(Request request, Database db, Migrator migrator) {
    try {
      return request.runOn(migrator, db::onDatabase);
    } catch (MigrationException e) {
      if (e.code() != ErrorCode.AUTHENTICATION || !db.canRotate()) {
        throw e;
      }
      log.line("the database refused the credentials; reading secret " + db.secretId() + " again");
      boolean changed;
      try {
        changed = db.rotate();
      } catch (MigrationException readFailure) {
        e.addSuppressed(readFailure);
        log.line("reading the secret again failed: " + readFailure.getMessage());
        throw e;
      }
      if (!changed) {
        log.line("the secret has not changed; not retrying");
        throw e;
      }
      log.line("the secret changed (rotated); retrying as " + db.describe());
      return request.runOn(migrator, db::onDatabase);
    }
  }

  /**
   * @param targetName the fleet target the event names, whose name starts the message; or null
   * @param db what the invocation connected to, or null
   */
  private MigrationFailedError fail(
      String command, String targetName, Database db, MigrationException e, List<String> notes) {
    log.line(
        "failed: "
            + (targetName == null ? "" : targetName + ": ")
            + e.code()
            + (e.migration() == null ? "" : " in " + e.migration())
            + ": "
            + Replies.message(e));
    Target connected = db == null ? null : db.target();
    return new MigrationFailedError(
        targetName == null
            ? Replies.failure(command, connected, e, log.executed(), notes)
            : Replies.targetFailure(command, targetName, connected, e, log.executed(), notes),
        e.code());
  }

  /** The JSON field {@code target}, or null before the database is known. */
  private static Map<String, Object> target(Database db) {
    Target t = db == null ? null : db.target();
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

  /** Closes the pool and the AWS clients the handler made. Lambda never calls it. */
  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
    clients.close();
  }
}
