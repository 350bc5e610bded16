package dev.dbmigrate.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A VPC with no route to the internet: two private isolated subnets (one per AZ) for the database,
 * the migration function and the bastion, and VPC endpoints for the few AWS APIs they call.
 *
 * <p>Why endpoints instead of a NAT gateway: the function only calls Secrets Manager (and S3, when
 * it lists a {@link FleetMigration}'s targets, through the gateway endpoint), and the bastion only
 * the three SSM APIs (and S3 for package updates, through a free gateway endpoint). The interface
 * endpoints live in one AZ only, at about 7.30 USD a month each: 7.30 without a bastion, 29.20 with
 * one, against about 36.50 for a single NAT gateway with its public IPv4 address (73 for one per
 * AZ), before any per-GB charge. One AZ is enough because every caller is a deploy-time or operator
 * tool: if that AZ fails, migrations and tunnels wait for it, the database itself keeps serving.
 * And nothing in these subnets can reach the internet at all.
 *
 * <p>No CloudWatch Logs endpoint: Lambda ships the function's logs itself, outside the function's
 * network interfaces, and nothing else here writes to CloudWatch Logs from inside the VPC.
 */
public final class Network extends Construct {

  private final Vpc vpc;
  private final InterfaceVpcEndpoint secretsManager;
  private final List<InterfaceVpcEndpoint> ssm = new ArrayList<>();

  /**
   * Builds a {@link Network}: {@code Network.Builder.create(this, "Network").ssmEndpoints(true)
   * .build()}.
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private String cidr = "10.80.0.0/20";
    private boolean ssmEndpoints;
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private RemovalPolicy logRemovalPolicy = RemovalPolicy.RETAIN;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Starts a network named {@code id} in {@code scope}. */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** The VPC's address range, split into two /24 subnets; default {@code 10.80.0.0/20}. */
    public Builder cidr(String cidr) {
      this.cidr = cidr;
      return this;
    }

    /**
     * Whether to add the three SSM endpoints a {@link Bastion} needs (about 22 USD a month);
     * default false.
     */
    public Builder ssmEndpoints(boolean ssmEndpoints) {
      this.ssmEndpoints = ssmEndpoints;
      return this;
    }

    /** How long the rejected-traffic flow logs are kept; default one month. */
    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    /** What happens to the flow logs when the stack goes; default retain. */
    public Builder logRemovalPolicy(RemovalPolicy logRemovalPolicy) {
      this.logRemovalPolicy = logRemovalPolicy;
      return this;
    }

    /** The network. */
    public Network build() {
      return new Network(this);
    }
  }

  private Network(Builder props) {
    super(props.scope, props.id);
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr(props.cidr))
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            .gatewayEndpoints(
                Map.of(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build()))
            .build();

    // Rejected packets only: at rest there is next to no traffic, so this costs cents and shows
    // who tried to reach the database and was turned away.
    vpc.addFlowLog(
        "RejectedTraffic",
        FlowLogOptions.builder()
            .trafficType(FlowLogTrafficType.REJECT)
            .destination(
                FlowLogDestination.toCloudWatchLogs(
                    LogGroup.Builder.create(this, "FlowLogs")
                        .retention(props.logRetention)
                        .removalPolicy(props.logRemovalPolicy)
                        .build()))
            .build());

    keepDefaultSecurityGroupHandlerLogs(props.logRetention);

    secretsManager = endpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    if (props.ssmEndpoints) {
      ssm.add(endpoint("Ssm", InterfaceVpcEndpointAwsService.SSM));
      ssm.add(endpoint("SsmMessages", InterfaceVpcEndpointAwsService.SSM_MESSAGES));
      ssm.add(endpoint("Ec2Messages", InterfaceVpcEndpointAwsService.EC2_MESSAGES));
    }
  }

  /** The VPC. */
  public Vpc vpc() {
    return vpc;
  }

  /** Whether the SSM endpoints a {@link Bastion} needs are there. */
  public boolean hasSsmEndpoints() {
    return !ssm.isEmpty();
  }

  /** The two isolated subnets: the database, the functions. */
  public SubnetSelection isolatedSubnets() {
    return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
  }

  /**
   * The subnet that holds the endpoints; the bastion goes there too, so its traffic stays in one
   * AZ.
   */
  public SubnetSelection toolsSubnet() {
    return SubnetSelection.builder().subnets(List.of(firstIsolatedSubnet())).build();
  }

  /** Lets {@code client} reach the Secrets Manager endpoint (HTTPS). */
  public void allowSecretsManagerFrom(IConnectable client, String description) {
    secretsManager.getConnections().allowDefaultPortFrom(client, description);
  }

  /**
   * Lets {@code client} reach S3 (HTTPS) through the VPC's gateway endpoint. A gateway endpoint has
   * no security group and S3 has no fixed addresses: the rule allows port 443 to any IPv4 address
   * (reading the region's S3 prefix list would take a lookup at synth time or a custom resource).
   * The subnets have no route out, so that reaches S3 through the endpoint's route and the
   * interface endpoints, which admit only the security groups let in on them, and nothing else.
   */
  public void allowS3From(IConnectable client, String description) {
    client.getConnections().allowTo(Peer.anyIpv4(), Port.tcp(443), description);
  }

  /** Lets {@code client} reach the SSM endpoints, when the network has them. */
  public void allowSsmFrom(IConnectable client, String description) {
    ssm.forEach(endpoint -> endpoint.getConnections().allowDefaultPortFrom(client, description));
  }

  /**
   * The feature flag {@code @aws-cdk/aws-ec2:restrictDefaultSecurityGroup} strips the VPC's default
   * security group of its rules through a custom resource whose function (one per stack) would
   * otherwise log to a group that never expires.
   */
  private void keepDefaultSecurityGroupHandlerLogs(RetentionDays retention) {
    var provider =
        Stack.of(this).getNode().tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
    if (!(provider instanceof Construct scope) || provider.getNode().tryFindChild("Logs") != null) {
      return;
    }
    var logs =
        LogGroup.Builder.create(scope, "Logs")
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    ((CfnResource) provider.getNode().findChild("Handler"))
        .addPropertyOverride("LoggingConfig", Map.of("LogGroup", logs.getLogGroupName()));
  }

  private ISubnet firstIsolatedSubnet() {
    return vpc.getIsolatedSubnets().get(0);
  }

  private InterfaceVpcEndpoint endpoint(String id, InterfaceVpcEndpointAwsService service) {
    // Private DNS makes the regional service names resolve to the endpoint, so no client needs an
    // endpoint URL. Closed by default: each client is let in by its security group.
    return vpc.addInterfaceEndpoint(
        id,
        InterfaceVpcEndpointOptions.builder()
            .service(service)
            .privateDnsEnabled(true)
            .subnets(toolsSubnet())
            .open(false)
            .build());
  }
}
