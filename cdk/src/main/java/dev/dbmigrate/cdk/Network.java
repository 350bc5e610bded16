package dev.dbmigrate.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A VPC with no route to the internet: two private isolated subnets (one per AZ) for the database,
 * the migration function and the bastion, and VPC endpoints for the few AWS APIs they call.
 *
 * <p>Why endpoints instead of a NAT gateway: the function only calls Secrets Manager, and the
 * bastion only the three SSM APIs (and S3 for package updates, through a free gateway endpoint).
 * The interface endpoints live in one AZ only, at about 7.30 USD a month each: 7.30 without a
 * bastion, 29.20 with one, against about 36.50 for a single NAT gateway with its public IPv4
 * address (73 for one per AZ), before any per-GB charge. One AZ is enough because every caller is a
 * deploy-time or operator tool: if that AZ fails, migrations and tunnels wait for it, the database
 * itself keeps serving. And nothing in these subnets can reach the internet at all.
 *
 * <p>No CloudWatch Logs endpoint: Lambda ships the function's logs itself, outside the function's
 * network interfaces, and nothing else here writes to CloudWatch Logs from inside the VPC.
 */
public final class Network extends Construct {

  private final Vpc vpc;
  private final InterfaceVpcEndpoint secretsManager;
  private final List<InterfaceVpcEndpoint> ssm = new ArrayList<>();

  public Network(Construct scope, String id, StageSettings stage) {
    super(scope, id);
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr("10.80.0.0/20"))
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
                        .retention(stage.logRetention())
                        .removalPolicy(stage.logRemovalPolicy())
                        .build()))
            .build());

    secretsManager = endpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    if (stage.bastion()) {
      ssm.add(endpoint("Ssm", InterfaceVpcEndpointAwsService.SSM));
      ssm.add(endpoint("SsmMessages", InterfaceVpcEndpointAwsService.SSM_MESSAGES));
      ssm.add(endpoint("Ec2Messages", InterfaceVpcEndpointAwsService.EC2_MESSAGES));
    }
  }

  public Vpc vpc() {
    return vpc;
  }

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

  /** Lets {@code client} reach the SSM endpoints, which exist only in stages with a bastion. */
  public void allowSsmFrom(IConnectable client, String description) {
    ssm.forEach(endpoint -> endpoint.getConnections().allowDefaultPortFrom(client, description));
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
