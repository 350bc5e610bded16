package dev.dbmigrate.aws;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS SDK's failures in a line or two. Its own messages run to more than a thousand characters
 * (every credential provider it tried, with the reason of each) and blame no one in particular; a
 * user needs to know whether credentials are missing, the network is in the way, or the service
 * said no.
 */
final class SdkMessages {

  private static final int MAX = 200;

  private SdkMessages() {}

  /** A failure before any answer from AWS: missing credentials, or the network. */
  static String client(SdkException e) {
    String text = String.valueOf(e.getMessage());
    if (text.contains("Unable to load credentials") || text.contains("credentials")) {
      return "no AWS credentials were found; log in (aws sso login, AWS_PROFILE) or set"
          + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run again";
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IOException io) {
        return "Secrets Manager could not be reached ("
            + brief(io)
            + "); check the network path to it (in a VPC: a secretsmanager VPC endpoint or a"
            + " NAT gateway) and the region";
      }
    }
    return brief(e);
  }

  /** The service's answer: its error code and its own short message. */
  static String service(AwsServiceException e) {
    if (e.awsErrorDetails() == null) {
      return brief(e);
    }
    return e.awsErrorDetails().errorCode()
        + (e.awsErrorDetails().errorMessage() == null
            ? ""
            : ": " + first(e.awsErrorDetails().errorMessage()));
  }

  /** The first line of a message, at most a couple of hundred characters. */
  static String brief(Throwable e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return first(text);
  }

  private static String first(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    int sentence = line.indexOf(". ");
    if (sentence > 0 && sentence < MAX) {
      line = line.substring(0, sentence + 1);
    }
    return line.length() <= MAX ? line : line.substring(0, MAX) + "...";
  }
}
