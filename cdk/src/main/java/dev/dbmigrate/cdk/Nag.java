package dev.dbmigrate.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag's AWS Solutions rules, and the one way this module suppresses a finding: on the construct
 * that causes it, for named findings only, with the reason next to the code that explains it.
 */
public final class Nag {

  private Nag() {}

  /**
   * The AWS Solutions rules, verbose: add them with {@code Aspects.of(stage).add(Nag.checks())}.
   */
  public static AwsSolutionsChecks checks() {
    return new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build());
  }

  /**
   * Suppresses {@code rule} on {@code construct} and its children; {@code appliesTo} narrows it to
   * those findings.
   */
  public static void suppress(
      IConstruct construct, String rule, String reason, String... appliesTo) {
    var suppression = NagPackSuppression.builder().id(rule).reason(reason);
    if (appliesTo.length > 0) {
      suppression.appliesTo(Arrays.asList(appliesTo));
    }
    NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
  }

  /**
   * The regex for an AWS-managed policy's finding ({@code name} such as {@code
   * service-role/AWSLambdaBasicExecutionRole}), with the partition as a token or, where the stack's
   * region is known, as a literal.
   */
  public static String awsManagedPolicy(String name) {
    return "/^Policy::arn:(<AWS::Partition>|aws[a-z-]*):iam::aws:policy\\/"
        + name.replace("/", "\\/")
        + "$/";
  }

  /**
   * As {@link #suppress}, for findings whose text contains generated logical ids: JavaScript
   * regexes.
   */
  public static void suppressMatching(
      IConstruct construct, String rule, String reason, String... regexes) {
    NagSuppressions.addResourceSuppressions(
        construct,
        List.of(
            NagPackSuppression.builder()
                .id(rule)
                .reason(reason)
                .appliesTo(
                    Arrays.stream(regexes)
                        .map(regex -> RegexAppliesTo.builder().regex(regex).build())
                        .toList())
                .build()),
        true);
  }
}
