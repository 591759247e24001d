/**
 * Where and how the EMR engine launches its clusters: what the AWS stack created (roles, the
 * security configuration, subnets, the artifacts and logs buckets) and the cluster's shape.
 */
export interface EmrSettings {
  /** The environment's name, tagged on every cluster (`lakeform:environment`); IAM lets the runtime act only on clusters so tagged. */
  readonly environment: string;
  readonly releaseLabel: string;
  /**
   * Instance types the fleets may use, preferred first. The primary node takes the first; core
   * nodes may take any (at least three spread spot capacity across pools).
   */
  readonly instanceTypes: readonly string[];
  /** Core nodes (units of capacity) besides the primary node. */
  readonly coreNodes: number;
  /** Core nodes on spot (the primary stays on demand). */
  readonly spot: boolean;
  /** Minutes to wait for spot capacity before switching to on demand. @default 10 */
  readonly spotTimeoutMinutes?: number;
  /** Seconds a cluster may sit idle before it terminates itself. @default 600 */
  readonly idleTimeoutSeconds?: number;
  /** The EMR service role (name or ARN). */
  readonly serviceRole: string;
  /** The EC2 instance profile of the nodes. */
  readonly instanceProfile: string;
  /** The EMR security configuration (encryption at rest and in transit). */
  readonly securityConfiguration?: string;
  /** Private subnets the fleets may launch in. */
  readonly subnetIds: readonly string[];
  /** `s3://…/emr/`: where EMR writes cluster and step logs. */
  readonly logUri: string;
}

/** Spot capacity is spread across at least this many instance types. */
export const MIN_SPOT_INSTANCE_TYPES = 3;
