package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * Who may invoke the migration function: the pipeline's post-deploy step for this stage, and
 * nothing else from the pipeline's account. The step assumes an invoker role in the stage's account
 * that can do one thing, invoke this function. The role trusts the pipeline account, narrowed by
 * {@code aws:PrincipalArn} to the step's role.
 *
 * <p>Development works the same way, although it shares the pipeline's account. A resource-based
 * permission naming the step's role ARN would be pinned to that role's internal id. If the pipeline
 * stack were ever deleted and deployed again, the permission would silently point at a role that no
 * longer exists, and no deployment would repair it, because the template would not change. A trust
 * condition compares the ARN as a string and has no such trap.
 *
 * <p>In fleet mode ({@link Builder#fleet}) the role runs the {@link FleetMigration} instead: it may
 * start the state machine, follow its executions and map runs, and read the results ({@link
 * FleetMigration#grantRun}); invoking the function is then the state machine's business.
 */
public final class MigrationInvokeAccess extends Construct {

  private final Role invokerRole;

  /**
   * Builds a {@link MigrationInvokeAccess}: {@code MigrationInvokeAccess.Builder.create(this,
   * "MigrationAccess").function(fn).caller(caller).roleName(name).build()}.
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private IFunction function;
    private FleetMigration fleet;
    private MigrationCaller caller;
    private String roleName;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Starts the access of {@code id} in {@code scope}. */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** The migration function the role may invoke; required unless {@link #fleet} is set. */
    public Builder function(IFunction function) {
      this.function = function;
      return this;
    }

    /** Fleet mode: the fleet whose state machine the role may run (and read the results of). */
    public Builder fleet(FleetMigration fleet) {
      this.fleet = fleet;
      return this;
    }

    /** The pipeline step's role that may assume the invoker role; required. */
    public Builder caller(MigrationCaller caller) {
      this.caller = caller;
      return this;
    }

    /**
     * The invoker role's name, which the step's own policy names ({@link
     * MigrationCaller#invokerRoleName}); required.
     */
    public Builder roleName(String roleName) {
      this.roleName = roleName;
      return this;
    }

    /** The invoker role. */
    public MigrationInvokeAccess build() {
      return new MigrationInvokeAccess(this);
    }
  }

  private MigrationInvokeAccess(Builder props) {
    super(props.scope, props.id);
    if (props.function == null && props.fleet == null) {
      throw new NullPointerException("function or fleet is required");
    }
    MigrationCaller caller = Objects.requireNonNull(props.caller, "caller is required");
    var role =
        Role.Builder.create(this, "InvokerRole")
            .roleName(Objects.requireNonNull(props.roleName, "roleName is required"))
            .description(
                props.fleet == null
                    ? "Assumed by a pipeline's migration step to invoke the migration function"
                    : "Assumed by a pipeline's migration step to run the fleet migration")
            .assumedBy(
                new AccountPrincipal(caller.account())
                    .withConditions(
                        Map.of("ArnEquals", Map.of("aws:PrincipalArn", caller.stepRoleArn()))));
    if (props.function != null) {
      role.inlinePolicies(
          Map.of(
              "InvokeMigrationFunction",
              PolicyDocument.Builder.create()
                  .statements(
                      List.of(
                          PolicyStatement.Builder.create()
                              .actions(List.of("lambda:InvokeFunction"))
                              .resources(List.of(props.function.getFunctionArn()))
                              .build()))
                  .build()));
    }
    invokerRole = role.build();
    if (props.fleet != null) {
      props.fleet.grantRun(invokerRole);
      Nag.suppressMatching(
          invokerRole,
          "AwsSolutions-IAM5",
          "Fleet mode: the executions and map runs of the one fleet state machine (their names are"
              + " made per execution), and the results under results/ of the fleet's bucket",
          "/^Resource::arn:[^:]+:states:[^:]+:[^:]+:execution:.+:\\*$/",
          "/^Resource::arn:[^:]+:states:[^:]+:[^:]+:mapRun:.+\\/\\*$/",
          "/^Resource::<.*Results[0-9A-F]{8}\\.Arn>\\/results\\/\\*$/");
    }
  }

  /** The invoker role; its ARN is what the step passes to {@code --role-arn}. */
  public Role invokerRole() {
    return invokerRole;
  }
}
