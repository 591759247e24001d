import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";

/**
 * A resource the program registered, as the mocks saw it. Mocks do not see resource options
 * (`protect`, `retainOnDelete`), and resource transforms need a Pulumi CLI: the options are
 * tested on `dataResourceOptions`, which every component uses for data.
 */
export interface CreatedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly custom: boolean;
  /** The provider reference of a custom resource (`<urn>::<id>`), if any. */
  readonly provider: string | undefined;
}

export const ACCOUNT_ID = "123456789012";
export const DEPLOYER_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/deployer`;

/** Outputs a mocked resource has besides its inputs. */
function stateOf(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  const arn = `arn:aws:mock:eu-west-1:${ACCOUNT_ID}:${type.split(":").pop()}/${name}`;
  switch (type) {
    case "aws:kms/key:Key": return { ...inputs, arn: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${name}`, keyId: `${name}-key-id` };
    case "aws:rds/instance:Instance": return { ...inputs, arn, address: `${name}.abc.eu-west-1.rds.amazonaws.com`, port: 5432, masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT_ID}:secret:rds!db-${name}`, kmsKeyId: "k", secretStatus: "active" }] };
    case "aws:iam/role:Role": return { ...inputs, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${inputs.name ?? name}` };
    default: return { ...inputs, arn };
  }
}

/**
 * Runs the Pulumi program under mocks for a stack with `config` (namespaced keys), and returns
 * every resource it registered and the program's exports. Call once per test file.
 */
export async function runProgram(stack: string, config: Record<string, string>): Promise<{ resources: CreatedResource[]; program: typeof import("../../../infra/index.ts") }> {
  const resources: CreatedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom !== false, provider: args.provider });
        return { id: `${args.name}-id`, state: stateOf(args.type, args.name, args.inputs) };
      },
      call: (args) => {
        switch (args.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity": return { accountId: ACCOUNT_ID, arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/ci`, userId: "AROA:ci", id: ACCOUNT_ID };
          case "aws:index/getPartition:getPartition": return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
          case "aws:index/getAvailabilityZones:getAvailabilityZones": return { names: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"], id: "eu-west-1" };
          case "aws:iam/getSessionContext:getSessionContext": return { arn: args.inputs.arn, issuerArn: DEPLOYER_ROLE, issuerId: "AROA", issuerName: "deployer", sessionName: "ci", id: "ci" };
          default: throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    "lakeform",
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config);
  const program = await import("../../../infra/index.ts");
  await pulumi.runtime.disconnect();
  return { resources, program };
}

/** The resources of one type. */
export const ofType = (resources: readonly CreatedResource[], type: string) => resources.filter((r) => r.type === type);

/** The one resource of a list: fails when there is none or several. */
export function only(resources: readonly CreatedResource[]): CreatedResource {
  if (resources.length !== 1) throw new Error(`expected one resource, found ${resources.length}: ${resources.map((r) => r.name).join(", ")}`);
  return resources[0] as CreatedResource;
}

/** An output's value, once known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => { resolve(value); return value; }));
}

/** A stack file's configuration as Pulumi hands it to a program: structured values as JSON text. */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
  const file = parse(readFileSync(new URL(`../../../Pulumi.${stack}.yaml`, import.meta.url), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries({ ...file.config, ...overrides }).map(([key, value]) => [key, typeof value === "object" ? JSON.stringify(value) : String(value)]));
}
