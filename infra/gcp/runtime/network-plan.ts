/** The runtime subnet (Direct VPC egress of the tick job: at least a /26). */
export const RUNTIME_SUBNET_CIDR = "10.8.0.0/24";
/** The size of the range reserved for private services access (Cloud SQL's private IP). */
export const PRIVATE_SERVICES_PREFIX_LENGTH = 20;
/** The service private services access peers with. */
export const SERVICE_NETWORKING = "servicenetworking.googleapis.com";
