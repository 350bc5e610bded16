package dev.dbmigrate.cdk;

import software.amazon.awscdk.Aws;

/**
 * The one principal allowed to invoke a stage's migration function: the role of the pipeline's
 * post-deploy step for that stage ({@link MigrationStep}), in the pipeline's account.
 *
 * <p>A stage's stack cannot reference the pipeline stack's resources (a CDK Pipelines stage is a
 * separate cloud assembly, and may be another account), so both sides derive the role names from
 * the stack names with the functions below. Stack names are unique per account and region, so two
 * copies of an app never claim the same IAM name; the region is part of the name because IAM is
 * global.
 *
 * @param account the pipeline's account
 * @param stepRoleName the name of the step's CodeBuild role there
 */
public record MigrationCaller(String account, String stepRoleName) {

  private static final int IAM_ROLE_NAME_MAX = 64;

  /**
   * Name of the CodeBuild role of the step that migrates {@code stageName}, in the pipeline
   * account.
   */
  public static String stepRoleName(String pipelineStackName, String stageName, String region) {
    return checked(pipelineStackName + "-" + stageName + "-migrate-" + region);
  }

  /**
   * Name of the role in a stage's account that the pipeline assumes to invoke the function there.
   */
  public static String invokerRoleName(String stageStackName, String region) {
    return checked(stageStackName + "-invoker-" + region);
  }

  /** The ARN of role {@code roleName} in {@code account}, in the deployment's partition. */
  public static String roleArn(String account, String roleName) {
    return "arn:" + Aws.PARTITION + ":iam::" + account + ":role/" + roleName;
  }

  /** The ARN of the step's role. */
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
