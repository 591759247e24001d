import type { RunJobFlowCommandInput, StepConfig } from "@aws-sdk/client-emr";
import { MIN_SPOT_INSTANCE_TYPES, type EmrSettings } from "./emr-settings.ts";

/** The tag IAM conditions on: the runtime may act only on clusters of its environment. */
export const ENVIRONMENT_TAG = "lakeform:environment";

/**
 * The `RunJobFlow` request of an ephemeral cluster: Spark only; instance fleets with the primary
 * on demand and core capacity on spot across several instance types (`price-capacity-optimized`,
 * switching to on demand when spot capacity does not come in time); no waiting for more steps
 * (`KeepJobFlowAliveWhenNoSteps: false`) and an idle timeout as a second guard; the stack's roles,
 * security configuration and subnets; logs to the logs bucket; tagged for the environment.
 * Pure: tests assert on it and CrossGuard-like rules can read it.
 * @throws when spot is asked for with fewer than three instance types
 */
export function runJobFlowInput(settings: EmrSettings, cluster: { readonly name: string; readonly assets: readonly string[]; readonly steps: readonly StepConfig[] }): RunJobFlowCommandInput {
  if (settings.spot && settings.instanceTypes.length < MIN_SPOT_INSTANCE_TYPES) {
    throw new Error(`EMR: spot core nodes need at least ${MIN_SPOT_INSTANCE_TYPES} instance types to spread across capacity pools, but ${settings.instanceTypes.length} are configured (${settings.instanceTypes.join(", ")}). Fix: list more in lakeform:emr.instanceTypes, or set lakeform:emr.spot false.`);
  }
  const [primaryType = "m7g.xlarge"] = settings.instanceTypes;
  const spotTimeout = settings.spotTimeoutMinutes ?? 10;
  return {
    Name: cluster.name,
    ReleaseLabel: settings.releaseLabel,
    Applications: [{ Name: "Spark" }],
    ServiceRole: settings.serviceRole,
    JobFlowRole: settings.instanceProfile,
    ...(settings.securityConfiguration === undefined ? {} : { SecurityConfiguration: settings.securityConfiguration }),
    LogUri: settings.logUri,
    VisibleToAllUsers: true,
    Instances: {
      KeepJobFlowAliveWhenNoSteps: false,
      TerminationProtected: false,
      Ec2SubnetIds: [...settings.subnetIds],
      InstanceFleets: [
        { Name: "primary", InstanceFleetType: "MASTER", TargetOnDemandCapacity: 1, InstanceTypeConfigs: [{ InstanceType: primaryType, WeightedCapacity: 1 }] },
        ...(settings.coreNodes === 0
          ? []
          : [
              {
                Name: "core",
                InstanceFleetType: "CORE" as const,
                ...(settings.spot ? { TargetSpotCapacity: settings.coreNodes, TargetOnDemandCapacity: 0 } : { TargetOnDemandCapacity: settings.coreNodes, TargetSpotCapacity: 0 }),
                InstanceTypeConfigs: settings.instanceTypes.map((InstanceType) => ({ InstanceType, WeightedCapacity: 1 })),
                LaunchSpecifications: {
                  ...(settings.spot ? { SpotSpecification: { TimeoutDurationMinutes: spotTimeout, TimeoutAction: "SWITCH_TO_ON_DEMAND" as const, AllocationStrategy: "price-capacity-optimized" as const } } : {}),
                  OnDemandSpecification: { AllocationStrategy: "lowest-price" as const },
                },
              },
            ]),
      ],
    },
    AutoTerminationPolicy: { IdleTimeout: settings.idleTimeoutSeconds ?? 600 },
    StepConcurrencyLevel: 1,
    Steps: [...cluster.steps],
    Tags: [
      { Key: ENVIRONMENT_TAG, Value: settings.environment },
      { Key: "lakeform:assets", Value: cluster.assets.join(" ").slice(0, 256) },
      { Key: "lakeform:managed-by", Value: "lakeform" },
    ],
  };
}

/** An EMR step running a Spark SQL file with `spark-sql -f`; a failed step does not stop the cluster's other steps. */
export function sparkSqlStep(name: string, sqlUri: string): StepConfig {
  return { Name: name, ActionOnFailure: "CONTINUE", HadoopJarStep: { Jar: "command-runner.jar", Args: ["spark-sql", "-f", sqlUri] } };
}
