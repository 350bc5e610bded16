package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
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
 */
public final class MigrationInvokeAccess extends Construct {

  private final Role invokerRole;

  public MigrationInvokeAccess(
      Construct scope, String id, StageSettings stage, Function function, MigrationCaller caller) {
    super(scope, id);
    invokerRole =
        Role.Builder.create(this, "InvokerRole")
            .roleName(MigrationCaller.invokerRoleName(stage))
            .description(
                "Assumed by the pipeline's "
                    + stage.name()
                    + " migration step to invoke the migration function")
            .assumedBy(
                new AccountPrincipal(caller.account())
                    .withConditions(
                        Map.of("ArnEquals", Map.of("aws:PrincipalArn", caller.stepRoleArn()))))
            .inlinePolicies(
                Map.of(
                    "InvokeMigrationFunction",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                PolicyStatement.Builder.create()
                                    .actions(List.of("lambda:InvokeFunction"))
                                    .resources(List.of(function.getFunctionArn()))
                                    .build()))
                        .build()))
            .build();
  }

  public Role invokerRole() {
    return invokerRole;
  }
}
