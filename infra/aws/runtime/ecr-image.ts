import type { Environment } from "../../plan/environment.ts";

/** An image in Amazon ECR: its registry's account and region, and its repository. */
export interface EcrImage {
  readonly accountId: string;
  readonly region: string;
  readonly repository: string;
}

const ECR = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+|@sha256:[a-f0-9]{64})$/;

/** The ECR repository of an image URI, or undefined for an image elsewhere. */
export function ecrImageOf(image: string): EcrImage | undefined {
  const match = ECR.exec(image);
  if (match === null) return undefined;
  const [, accountId, region, repository] = match;
  return accountId === undefined || region === undefined || repository === undefined ? undefined : { accountId, region, repository };
}

/**
 * The ECR repository of the stack's runtime image. The runtime's subnets have no route to the
 * internet (no NAT gateway), so the image must come from ECR in the stack's region.
 */
export function runtimeEcrImage(environment: Pick<Environment, "name" | "region" | "runtimeImage">): EcrImage {
  const ecr = ecrImageOf(environment.runtimeImage);
  if (ecr === undefined || ecr.region !== environment.region) {
    throw new Error(
      `Stack "${environment.name}": lakeform:runtimeImage "${environment.runtimeImage}" is not in Amazon ECR in ${environment.region}, and the runtime's private subnets reach only AWS endpoints of that region. ` +
        `Fix: push the image built from the repo's Dockerfile to ECR in ${environment.region} and pulumi config set lakeform:runtimeImage <account>.dkr.ecr.${environment.region}.amazonaws.com/lakeform:<tag>.`,
    );
  }
  return ecr;
}
