/** The runtime VPC's address range. */
export const VPC_CIDR = "10.80.0.0/16";

/** One private subnet per availability zone (two: RDS needs a second zone), a /20 each. */
export function privateSubnetCidrs(zones: number): string[] {
  return Array.from({ length: zones }, (_, index) => `10.80.${index * 16}.0/20`);
}

/**
 * The AWS APIs the runtime reaches through interface endpoints, since the VPC has no NAT
 * gateway: secrets at task start, image pulls, logs, the catalog, EMR, and STS. S3 goes
 * through a (free) gateway endpoint.
 */
export const INTERFACE_ENDPOINT_SERVICES = ["secretsmanager", "ecr.api", "ecr.dkr", "logs", "glue", "elasticmapreduce", "sts"] as const;

/** `com.amazonaws.eu-west-1.secretsmanager`. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}
