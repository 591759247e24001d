/** The clouds Lakeform deploys to. */
export type Cloud = "aws" | "gcp";

/** One environment's settings, from its stack configuration (`Pulumi.<stack>.yaml`). */
export interface Environment {
  /** The stack's name, e.g. `dev`. */
  readonly name: string;
  /** @default "aws" */
  readonly cloud: Cloud;
  readonly region: string;
  /** Prefix of every resource name, e.g. `lf-dev`. */
  readonly prefix: string;
  /** Protect data resources from deletion. @default true */
  readonly protectData: boolean;
}

/** A stack's `lakeform:*` values as text, as Pulumi configuration holds them (undefined when unset). */
export interface StackValues {
  readonly cloud?: string | undefined;
  readonly region?: string | undefined;
  readonly prefix?: string | undefined;
  readonly protectData?: string | undefined;
}

const PREFIX = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Validates a stack's values into its {@link Environment}: pure, no Pulumi import, so plans and
 * policies can use it without a Pulumi engine. Every problem is collected and thrown once, each
 * naming the key, its value and the `pulumi config set` that fixes it.
 *
 * @example environmentOf("dev", { cloud: "aws", region: "eu-west-1", prefix: "lf-dev" })
 */
export function environmentOf(stack: string, values: StackValues): Environment {
  const problems: string[] = [];
  const cloud = values.cloud ?? "aws";
  if (cloud !== "aws" && cloud !== "gcp") problems.push(`lakeform:cloud is "${cloud}". Fix: pulumi config set lakeform:cloud aws (or gcp).`);
  if (values.region === undefined || values.region.trim() === "") problems.push("lakeform:region is not set. Fix: pulumi config set lakeform:region eu-west-1 (your cloud's region).");
  const prefix = values.prefix ?? "";
  if (!PREFIX.test(prefix)) problems.push(`lakeform:prefix ${values.prefix === undefined ? "is not set" : `is "${prefix}"`}. Fix: pulumi config set lakeform:prefix lf-${stack.toLowerCase().replace(/[^a-z0-9-]/g, "")} (lowercase letters, digits and dashes, starting with a letter, at most 20).`);
  const protect = values.protectData ?? "true";
  if (protect !== "true" && protect !== "false") problems.push(`lakeform:protectData is "${protect}". Fix: pulumi config set lakeform:protectData true (or false).`);
  if (problems.length > 0) throw new Error(`Stack "${stack}": invalid configuration (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${problems.map((p) => ` - ${p}`).join("\n")}`);
  return Object.freeze({ name: stack, cloud: cloud as Cloud, region: values.region as string, prefix, protectData: protect === "true" });
}
