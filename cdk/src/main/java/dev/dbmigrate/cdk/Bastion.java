package dev.dbmigrate.cdk;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * A t4g.nano reached through SSM Session Manager only: no inbound rule, no key pair, no public
 * address. {@code bin/db-tunnel} forwards a local port through it to the database.
 *
 * <p>The image is the latest Amazon Linux 2023, read from the public SSM parameter when
 * CloudFormation deploys (no lookup at synth time); a newer image replaces the instance on the next
 * deployment, which keeps a machine that holds no state patched.
 */
public final class Bastion extends Construct {

  private final Instance instance;

  /**
   * Builds a {@link Bastion}: {@code Bastion.Builder.create(this, "Bastion").network(network)
   * .database(database).build()}. The network must have its SSM endpoints ({@link
   * Network.Builder#ssmEndpoints}).
   */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private Network network;
    private Database database;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    /** Starts a bastion named {@code id} in {@code scope}. */
    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** The network, with its SSM endpoints; required. */
    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    /** The database the bastion forwards to; required. */
    public Builder database(Database database) {
      this.database = database;
      return this;
    }

    /**
     * The bastion.
     *
     * @throws IllegalArgumentException when the network has no SSM endpoints: the agent could not
     *     reach Session Manager
     */
    public Bastion build() {
      Objects.requireNonNull(network, "Bastion: network is required");
      Objects.requireNonNull(database, "Bastion: database is required");
      if (!network.hasSsmEndpoints()) {
        throw new IllegalArgumentException(
            "Bastion: the network has no SSM endpoints, so Session Manager could not reach the"
                + " instance; build the Network with ssmEndpoints(true)");
      }
      return new Bastion(scope, id, network, database);
    }
  }

  private Bastion(Construct scope, String id, Network network, Database database) {
    super(scope, id);
    var securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(network.vpc())
            .description(
                "SSM bastion: no inbound rules; outbound to the VPC endpoints and the database")
            // The VPC has no route out, so "all outbound" means the endpoints, S3 and the database.
            .allowAllOutbound(true)
            .build();

    instance =
        Instance.Builder.create(this, "Instance")
            .vpc(network.vpc())
            .vpcSubnets(network.toolsSubnet())
            .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.NANO))
            .machineImage(
                MachineImage.latestAmazonLinux2023(
                    AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(AmazonLinuxCpuType.ARM_64)
                        .build()))
            .securityGroup(securityGroup)
            .ssmSessionPermissions(true)
            .requireImdsv2(true)
            .blockDevices(
                List.of(
                    BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(
                            BlockDeviceVolume.ebs(
                                8,
                                EbsDeviceOptions.builder()
                                    .encrypted(true)
                                    .volumeType(EbsDeviceVolumeType.GP3)
                                    .deleteOnTermination(true)
                                    .build()))
                        .build()))
            .build();

    database.allowFrom(instance, "SSM bastion (bin/db-tunnel)");
    network.allowSsmFrom(instance, "SSM bastion");

    Nag.suppressMatching(
        instance,
        "AwsSolutions-IAM4",
        "AmazonSSMManagedInstanceCore is the AWS-maintained policy the SSM agent needs for Session"
            + " Manager; the instance role holds nothing else",
        Nag.awsManagedPolicy("AmazonSSMManagedInstanceCore"));
    Nag.suppress(
        instance,
        "AwsSolutions-EC28",
        "An idle port-forwarding host: five-minute basic monitoring is enough, and detailed monitoring"
            + " would cost more per month than the t4g.nano itself");
    Nag.suppress(
        instance,
        "AwsSolutions-EC29",
        "Holds no state and is replaced on purpose when a newer Amazon Linux image appears;"
            + " termination protection would block those replacements and the stack's deletion");
  }

  /** The instance; {@code bin/db-tunnel} takes its id. */
  public Instance instance() {
    return instance;
  }
}
