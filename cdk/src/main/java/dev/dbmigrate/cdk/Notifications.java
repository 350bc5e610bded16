package dev.dbmigrate.cdk;

import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The topic that alarms and pipeline failures notify, with an optional e-mail subscription (the
 * address gets a confirmation mail from AWS first). Publishing requires TLS.
 */
public final class Notifications extends Construct {

  private final Topic topic;

  /**
   * @param email the address to subscribe, or null for a topic without a subscription
   */
  public Notifications(Construct scope, String id, String email) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Topic")
            .displayName("dbmigrate alarms")
            .enforceSsl(true)
            .build();
    if (email != null && !email.isBlank()) {
      topic.addSubscription(new EmailSubscription(email.strip()));
    }
    Nag.suppress(
        topic,
        "AwsSolutions-SNS2",
        "Messages hold only an alarm's or a pipeline's name and state. CloudWatch alarms and"
            + " EventBridge cannot publish to a topic encrypted with the AWS-managed SNS key, and a"
            + " customer key would cost 1 USD a month per topic for no secret to protect");
  }

  /** The topic. */
  public Topic topic() {
    return topic;
  }
}
