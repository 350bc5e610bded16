package dev.dbmigrate.cdk;

import software.amazon.awscdk.Aws;

/**
 * The one principal allowed to invoke a stage's migration function: the role of the pipeline's
 * post-deploy step for that stage, in the pipeline's account.
 *
 * <p>The stage stacks cannot reference the pipeline stack's resources (a Stage is a separate cloud
 * assembly, and Production is another account), so both sides derive the role names from the stack
 * names with the functions below. Stack names are unique per account and region, so two copies of
 * the app never claim the same IAM name; the region is part of the name because IAM is global.
 */
public record MigrationCaller(String account, String stepRoleName) {

  private static final int IAM_ROLE_NAME_MAX = 64;

  /**
   * Name of the CodeBuild role of the step that migrates {@code stage}, in the pipeline account.
   */
  public static String stepRoleName(String pipelineStackName, StageSettings stage) {
    return checked(pipelineStackName + "-" + stage.name() + "-migrate-" + stage.region());
  }

  /**
   * Name of the role in a stage's account that the pipeline assumes to invoke the function there.
   */
  public static String invokerRoleName(StageSettings stage) {
    return checked(stage.stackName() + "-invoker-" + stage.region());
  }

  public static String roleArn(String account, String roleName) {
    return "arn:" + Aws.PARTITION + ":iam::" + account + ":role/" + roleName;
  }

  public String stepRoleArn() {
    return roleArn(account, stepRoleName);
  }

  private static String checked(String roleName) {
    if (roleName.length() > IAM_ROLE_NAME_MAX) {
      throw new IllegalArgumentException(
          "IAM role name "
              + roleName
              + " is longer than "
              + IAM_ROLE_NAME_MAX
              + " characters: choose a shorter stack or stage name");
    }
    return roleName;
  }
}
