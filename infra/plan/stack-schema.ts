import { TIERS, type Tier } from "lakeform";
import { z } from "zod";
import { closestNames } from "../../runtime/core/did-you-mean.ts";
import { LakeformError } from "../../runtime/core/errors.ts";
import { parseDuration } from "../../runtime/core/declare/duration.ts";
import { isCronInterval } from "./cron-interval.ts";
import type { Consumer, EmrCluster, Environment, LifecycleRule, PolicyLevel, StackValues } from "./environment.ts";

/** Lifecycle of each bucket unless the stack says otherwise: raw cools first, curated stays hot for queries. */
export const DEFAULT_LIFECYCLE: Environment["lifecycle"] = Object.freeze({
  landing: Object.freeze({ expireAfterDays: 30 }),
  raw: Object.freeze({ infrequentAfterDays: 30, archiveInstantAfterDays: 90 }),
  clean: Object.freeze({ infrequentAfterDays: 60 }),
  curated: Object.freeze({}),
  logs: Object.freeze({ infrequentAfterDays: 30, expireAfterDays: 365 }),
  artifacts: Object.freeze({}),
});

/** The cluster of `emr` runs unless the stack says otherwise: small, Graviton, spot core nodes. */
export const DEFAULT_EMR_CLUSTER: EmrCluster = Object.freeze({ releaseLabel: "emr-7.5.0", instanceTypes: Object.freeze(["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"]), coreNodes: 2, spot: true });

const PREFIX = /^[a-z][a-z0-9-]{0,19}$/;
const days = z.number().int().min(1).max(36_500);
const lifecycleRule = z.strictObject({
  infrequentAfterDays: days.optional(),
  archiveInstantAfterDays: days.optional(),
  archiveAfterDays: days.optional(),
  expireAfterDays: days.optional(),
});
const BUCKETS = ["landing", ...TIERS, "logs", "artifacts"] as const;
const consumer = z.strictObject({
  principal: z.string().min(1),
  tiers: z.array(z.enum(TIERS as [Tier, ...Tier[]])).min(1),
  pii: z.boolean().default(false),
});

/** A configuration key: how to read it, its default, and the command that sets it right. */
interface Key<T> {
  readonly schema: z.ZodType<T>;
  /** Structured values arrive as JSON text from `pulumi config set --path` / `allConfig()`. */
  readonly structured?: boolean;
  readonly fallback: T | undefined;
  readonly fix: (stack: string) => string;
}

const key = <T>(schema: z.ZodType<T>, fallback: T | undefined, fix: (stack: string) => string, structured = false): Key<T> => ({ schema, fallback, fix, structured });
const text = (pattern: RegExp) => z.string().regex(pattern);
const bool = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]);
const positiveInt = z.union([z.number().int().min(1), z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1))]);

const KEYS = {
  cloud: key(z.enum(["aws", "gcp"]), "aws", () => "pulumi config set lakeform:cloud aws (or gcp)"),
  region: key(text(/^[a-z]{2,}(-[a-z]+)+-?\d*$/), undefined, () => "pulumi config set lakeform:region eu-west-1 (your cloud's region)"),
  gcpProject: key(text(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/), undefined, (stack) => `pulumi config set lakeform:gcpProject acme-data-${stack.toLowerCase().replace(/[^a-z0-9-]/g, "")} (the project id: 6–30 lowercase letters, digits and dashes, starting with a letter)`),
  prefix: key(text(PREFIX), undefined, (stack) => `pulumi config set lakeform:prefix lf-${stack.toLowerCase().replace(/[^a-z0-9-]/g, "")} (lowercase letters, digits and dashes, starting with a letter, at most 20)`),
  protectData: key(bool, true, () => "pulumi config set lakeform:protectData true (or false)"),
  defaultEngine: key(z.enum(["duckdb", "emr", "bigquery"]), "duckdb", () => "pulumi config set lakeform:defaultEngine duckdb (or emr on AWS, bigquery on GCP)"),
  lifecycle: key(z.partialRecord(z.enum(BUCKETS), lifecycleRule), {}, () => "pulumi config set --path 'lakeform:lifecycle.raw.infrequentAfterDays' 30 (buckets: landing, raw, clean, curated, logs, artifacts; keys: infrequentAfterDays, archiveInstantAfterDays, archiveAfterDays, expireAfterDays, whole days)", true),
  consumers: key(z.record(text(/^[a-z][a-z0-9-]{0,39}$/), consumer), {}, () => "pulumi config set --path 'lakeform:consumers.analysts.principal' arn:aws:iam::123456789012:role/analysts, and lakeform:consumers.analysts.tiers[0] curated (names in lowercase letters, digits and dashes; pii true or false)", true),
  schedulerInterval: key(z.string().refine((value) => { const ms = parseDuration(value); return ms !== undefined && ms >= 60_000 && ms <= 86_400_000 && ms % 60_000 === 0; }), "15m", () => "pulumi config set lakeform:schedulerInterval 15m (whole minutes, from 1m to 24h)"),
  runtimeImage: key(text(/^[a-z0-9][\w.-]*(:\d+)?(\/[\w.-]+)+(:[\w.-]+|@sha256:[a-f0-9]{64})$/), undefined, () => "pulumi config set lakeform:runtimeImage 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0 (an image built from the repo's Dockerfile, with a tag or digest)"),
  alertWebhookSecret: key(text(/^[\w/+=.@-]{1,512}$/), undefined, (stack) => `pulumi config set lakeform:alertWebhookSecret lf-${stack}/alert-webhook (the name of a secret holding the webhook URL)`),
  emr: key(z.strictObject({ releaseLabel: text(/^emr-\d+\.\d+\.\d+$/).optional(), instanceTypes: z.array(text(/^[a-z0-9]+\.[a-z0-9]+$/)).min(1).max(30).optional(), coreNodes: z.number().int().min(0).max(100).optional(), spot: z.boolean().optional() }), {}, () => "pulumi config set --path 'lakeform:emr.instanceTypes[0]' m7g.xlarge (keys: releaseLabel emr-7.5.0, instanceTypes — at least 3 for spot, coreNodes 0–100, spot true/false)", true),
  logRetentionDays: key(positiveInt, 30, () => "pulumi config set lakeform:logRetentionDays 30 (whole days)"),
  policies: key(z.record(text(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/), z.enum(["advisory", "mandatory", "disabled"])), undefined, () => "pulumi config set --path 'lakeform:policies.asset-has-owner' advisory (rule ids in kebab-case, as `lakeform policy list` shows them; levels: advisory, mandatory, disabled)", true),
  maxPiiRetentionDays: key(positiveInt, undefined, () => "pulumi config set lakeform:maxPiiRetentionDays 365 (whole days; assets holding personal data must declare retentionDays within it)"),
} as const;

/** Keys without a default that may stay unset (gcpProject is required on GCP only). */
const OPTIONAL: ReadonlySet<string> = new Set(["alertWebhookSecret", "gcpProject", "policies", "maxPiiRetentionDays"]);
/** An IAM principal as GCP writes it in a binding's member. */
const GCP_MEMBER = /^(user|group|serviceAccount|domain|principal|principalSet):\S+$/;

type Parsed = { -readonly [K in keyof typeof KEYS]: z.output<(typeof KEYS)[K]["schema"]> | undefined };

/** `value` as a problem shows it: text quoted, structures as compact JSON, cut at 80 characters. */
function shown(value: unknown): string {
  const text = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function readValue(name: string, definition: Key<unknown>, raw: unknown): { value?: unknown; problems: string[] } {
  let value = raw;
  if (definition.structured === true && typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { problems: [`lakeform:${name} is ${shown(raw)}, which is not a structured value`] };
    }
  }
  const result = definition.schema.safeParse(value);
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      const path = issue.path.length === 0 ? "" : `.${issue.path.join(".")}`;
      const detail = issue.code === "custom" || issue.code === "invalid_format" || path === "" ? "" : ` (${issue.message.replace(/^Invalid input: /, "").toLowerCase()})`;
      return `lakeform:${name}${path} is ${shown(path === "" ? raw : pathValue(value, issue.path))}${detail}`;
    }),
  };
}

function pathValue(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) current = typeof current === "object" && current !== null ? (current as Record<PropertyKey, unknown>)[segment] : undefined;
  return current === undefined ? "unset" : current;
}

function lifecycleProblems(lifecycle: Partial<Record<string, LifecycleRule>>): string[] {
  const problems: string[] = [];
  for (const [bucket, rule] of Object.entries(lifecycle)) {
    const steps = (["infrequentAfterDays", "archiveInstantAfterDays", "archiveAfterDays", "expireAfterDays"] as const).flatMap((step) => (rule?.[step] === undefined ? [] : [[step, rule[step]] as const]));
    for (let i = 1; i < steps.length; i++) {
      const [previous, previousDays] = steps[i - 1] ?? [];
      const [step, stepDays] = steps[i] ?? [];
      if (previousDays !== undefined && stepDays !== undefined && stepDays <= previousDays) problems.push(`lakeform:lifecycle.${bucket}.${step} is ${stepDays}, not after ${previous} (${previousDays}). Fix: give each later step more days than the one before`);
    }
    if (rule?.infrequentAfterDays !== undefined && rule.infrequentAfterDays < 30) problems.push(`lakeform:lifecycle.${bucket}.infrequentAfterDays is ${rule.infrequentAfterDays}: objects move to an infrequent-access class after 30 days at the earliest. Fix: pulumi config set --path 'lakeform:lifecycle.${bucket}.infrequentAfterDays' 30`);
  }
  return problems;
}

/** What a GCP stack needs beyond the common keys (and what an AWS stack must not carry). */
function cloudProblems(stack: string, values: StackValues, parsed: Partial<Parsed>): string[] {
  const problems: string[] = [];
  const projectSet = values.gcpProject !== undefined && values.gcpProject !== null && values.gcpProject !== "";
  if (parsed.cloud === "aws" && projectSet) problems.push(`lakeform:gcpProject is ${shown(values.gcpProject)}, but lakeform:cloud is "aws", which has no projects. Fix: pulumi config rm lakeform:gcpProject (or pulumi config set lakeform:cloud gcp)`);
  if (parsed.cloud !== "gcp") return problems;
  if (!projectSet) problems.push(`lakeform:gcpProject is not set: a GCP stack deploys into one project. Fix: ${KEYS.gcpProject.fix(stack)}`);
  const interval = typeof parsed.schedulerInterval === "string" ? (parseDuration(parsed.schedulerInterval) ?? 0) / 60_000 : undefined;
  if (interval !== undefined && !isCronInterval(interval)) problems.push(`lakeform:schedulerInterval is "${parsed.schedulerInterval}": Cloud Scheduler takes a cron, which repeats evenly only every divisor of an hour or whole hours dividing a day. Fix: pulumi config set lakeform:schedulerInterval 15m (or 1m, 2m, 5m, 10m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h)`);
  const consumers = (parsed.consumers ?? {}) as Record<string, { principal: string }>;
  for (const [name, consumer] of Object.entries(consumers)) {
    if (!GCP_MEMBER.test(consumer.principal)) problems.push(`lakeform:consumers.${name}.principal is ${shown(consumer.principal)}, which is not a GCP IAM member. Fix: pulumi config set --path 'lakeform:consumers.${name}.principal' group:${name}@example.com (or user:…, serviceAccount:…, domain:…)`);
  }
  return problems;
}

/**
 * The schema of a stack's `lakeform:*` configuration. `parse` returns the frozen
 * {@link Environment} or throws one error listing every problem (unknown keys with the key
 * meant, bad values with the value and the fix).
 */
export function stackSchema(stack: string): { parse(values: StackValues): Environment } {
  return {
    parse(values) {
      const problems: string[] = [];
      const parsed: Partial<Parsed> = {};
      for (const [name, definition] of Object.entries(KEYS) as [keyof typeof KEYS, Key<unknown>][]) {
        const raw = values[name];
        if (raw === undefined || raw === null || raw === "") {
          if (definition.fallback === undefined && !OPTIONAL.has(name)) problems.push(`lakeform:${name} is not set. Fix: ${definition.fix(stack)}.`);
          (parsed as Record<string, unknown>)[name] = definition.fallback;
          continue;
        }
        const read = readValue(name, definition, raw);
        problems.push(...read.problems.map((problem) => `${problem}. Fix: ${definition.fix(stack)}.`));
        if (read.problems.length === 0) (parsed as Record<string, unknown>)[name] = read.value;
      }
      for (const name of Object.keys(values)) {
        if (name in KEYS) continue;
        const near = closestNames(name, Object.keys(KEYS));
        problems.push(`lakeform:${name} is not a Lakeform setting. Fix: ${near.length > 0 ? `did you mean lakeform:${near[0]}? ` : ""}pulumi config rm lakeform:${name} (settings: ${Object.keys(KEYS).join(", ")}).`);
      }
      const lifecycle = (parsed.lifecycle ?? {}) as Partial<Record<string, LifecycleRule>>;
      problems.push(...lifecycleProblems(lifecycle).map((problem) => `${problem}.`));
      const emr = { ...DEFAULT_EMR_CLUSTER, ...(parsed.emr as Partial<EmrCluster> | undefined) };
      if (emr.spot && emr.instanceTypes.length < 3) problems.push(`lakeform:emr.instanceTypes lists ${emr.instanceTypes.length} type(s): spot core nodes need at least 3 to spread across capacity pools. Fix: pulumi config set --path 'lakeform:emr.instanceTypes[2]' r7g.xlarge (or set lakeform:emr.spot false).`);
      if (parsed.cloud === "gcp" && parsed.defaultEngine === "emr") problems.push(`lakeform:defaultEngine is "emr", which runs on AWS only, but lakeform:cloud is "gcp". Fix: pulumi config set lakeform:defaultEngine bigquery (or duckdb).`);
      problems.push(...cloudProblems(stack, values, parsed).map((problem) => `${problem}.`));
      if (parsed.cloud === "aws" && parsed.defaultEngine === "bigquery") problems.push(`lakeform:defaultEngine is "bigquery", which runs on GCP only, but lakeform:cloud is "aws". Fix: pulumi config set lakeform:defaultEngine emr (or duckdb).`);
      if (problems.length > 0) throw new StackConfigError(`Stack "${stack}": invalid configuration (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${problems.map((p) => ` - ${p}`).join("\n")}`);

      const consumers: Consumer[] = Object.entries((parsed.consumers ?? {}) as Record<string, { principal: string; tiers: Tier[]; pii: boolean }>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, c]) => Object.freeze({ name, principal: c.principal, tiers: Object.freeze(TIERS.filter((tier) => c.tiers.includes(tier))), pii: c.pii }));
      const mergedLifecycle = Object.fromEntries(BUCKETS.map((bucket) => [bucket, Object.freeze({ ...DEFAULT_LIFECYCLE[bucket], ...(lifecycle[bucket] ?? {}) })]));
      return Object.freeze({
        name: stack,
        cloud: parsed.cloud as Environment["cloud"],
        region: parsed.region as string,
        ...(parsed.gcpProject === undefined ? {} : { gcpProject: parsed.gcpProject as string }),
        prefix: parsed.prefix as string,
        protectData: parsed.protectData as boolean,
        defaultEngine: parsed.defaultEngine as Environment["defaultEngine"],
        lifecycle: Object.freeze(mergedLifecycle) as Environment["lifecycle"],
        consumers: Object.freeze(consumers),
        schedulerIntervalMinutes: (parseDuration(parsed.schedulerInterval as string) ?? 900_000) / 60_000,
        runtimeImage: parsed.runtimeImage as string,
        alertWebhookSecret: parsed.alertWebhookSecret as string | undefined,
        emr: Object.freeze({ ...emr, instanceTypes: Object.freeze([...emr.instanceTypes]) }),
        logRetentionDays: parsed.logRetentionDays as number,
        ...(parsed.policies === undefined ? {} : { policies: Object.freeze({ ...(parsed.policies as Record<string, PolicyLevel>) }) }),
        ...(parsed.maxPiiRetentionDays === undefined ? {} : { maxPiiRetentionDays: parsed.maxPiiRetentionDays as number }),
      });
    },
  };
}

/** A stack whose `lakeform:*` configuration is invalid; the message lists every problem. */
export class StackConfigError extends LakeformError {
  override name = "StackConfigError";
}
