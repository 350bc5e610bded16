package dev.dbmigrate.cdk.app;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.services.codecommit.Repository;
import software.constructs.Construct;

/**
 * Where the pipeline takes its source from: {@code codecommit:<name>} for an existing CodeCommit
 * repository, or {@code github:<owner>/<repo>} (also {@code gitlab:}, {@code bitbucket:}) through a
 * CodeStar connection, whose ARN is then required.
 */
public record RepositorySpec(
    String text, String codeCommitName, String ownerAndRepo, Optional<String> connectionArn) {

  private static final Pattern CODECOMMIT = Pattern.compile("codecommit:([\\w.-]{1,100})");
  private static final Pattern HOSTED =
      Pattern.compile("(github|gitlab|bitbucket):([\\w.-]+/[\\w.-]+)");
  private static final Pattern CONNECTION_ARN =
      Pattern.compile(
          "arn:aws[\\w-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:connection/[\\w-]+");

  static RepositorySpec parse(String text, String connectionArn) {
    Matcher codeCommit = CODECOMMIT.matcher(text);
    if (codeCommit.matches()) {
      return new RepositorySpec(text, codeCommit.group(1), null, Optional.empty());
    }
    Matcher hosted = HOSTED.matcher(text);
    if (hosted.matches()) {
      if (connectionArn == null || !CONNECTION_ARN.matcher(connectionArn.trim()).matches()) {
        throw new IllegalArgumentException(
            "repository "
                + text
                + " is read through a CodeStar connection: "
                + "connectionArn must be its ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id>), got '"
                + connectionArn
                + "' (set it with -c connectionArn=... or CDK_CONNECTION_ARN)");
      }
      return new RepositorySpec(text, null, hosted.group(2), Optional.of(connectionArn.trim()));
    }
    throw new IllegalArgumentException(
        "repository: expected codecommit:<name> or github:<owner>/<repo>, got '"
            + text
            + "' (set it with -c repository=... or CDK_REPOSITORY)");
  }

  CodePipelineSource toSource(Construct scope, String branch) {
    if (codeCommitName != null) {
      return CodePipelineSource.codeCommit(
          Repository.fromRepositoryName(scope, "SourceRepository", codeCommitName), branch);
    }
    return CodePipelineSource.connection(
        ownerAndRepo,
        branch,
        ConnectionSourceOptions.builder().connectionArn(connectionArn.orElseThrow()).build());
  }
}
