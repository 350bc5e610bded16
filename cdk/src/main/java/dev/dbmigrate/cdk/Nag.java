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
final class Nag {

  private Nag() {}

  static AwsSolutionsChecks checks() {
    return new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build());
  }

  /**
   * Suppresses {@code rule} on {@code construct} and its children; {@code appliesTo} narrows it to
   * those findings.
   */
  static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
    var suppression = NagPackSuppression.builder().id(rule).reason(reason);
    if (appliesTo.length > 0) {
      suppression.appliesTo(Arrays.asList(appliesTo));
    }
    NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
  }

  /**
   * As {@link #suppress}, for findings whose text contains generated logical ids: JavaScript
   * regexes.
   */
  static void suppressMatching(
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
