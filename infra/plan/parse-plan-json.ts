import { LakeformError } from "../../runtime/core/errors.ts";
import type { PlatformPlan } from "./platform-plan.ts";

/** A saved plan that cannot be read back; the message names the file and the fix. */
export class PlanFileError extends LakeformError {
  override name = "PlanFileError";
}

/** The plan format this version of Lakeform writes and reads. */
export const PLAN_FORMAT_VERSION: PlatformPlan["formatVersion"] = 1;

const LISTS = ["buckets", "databases", "tables", "grants", "compute", "resources"] as const;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A {@link PlatformPlan} saved by `lakeform plan --json` (e.g. on `main`, for `plan --diff`
 * and policy baselines), read back from its text. Checks the format version and the plan's
 * shape (its lists and cost), not every field.
 *
 * @param file how to name the file in errors.
 * @throws PlanFileError naming `file`, what is wrong and how to produce a plan again.
 */
export function parsePlanJson(text: string, file: string): PlatformPlan {
  const again = "produce it with `lakeform plan --stack <stack> --json > <file>` (on the base branch, with the same Lakeform version)";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`${file} is not valid JSON (${(error as Error).message}). Fix: ${again}.`);
  }
  if (!isRecord(value) || !("formatVersion" in value)) {
    throw new PlanFileError(`${file} is not a Lakeform plan (it has no formatVersion). Fix: ${again}.`);
  }
  if (value.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(`${file} is a plan of format ${JSON.stringify(value.formatVersion)}; this Lakeform reads format ${PLAN_FORMAT_VERSION}. Fix: ${again}.`);
  }
  const missing: string[] = LISTS.filter((name) => !Array.isArray(value[name]));
  if (!isRecord(value.environment) || typeof value.environment.name !== "string") missing.push("environment");
  if (!isRecord(value.scheduler)) missing.push("scheduler");
  const cost = value.cost;
  if (!isRecord(cost) || !Array.isArray(cost.perAsset) || !Array.isArray(cost.platform) || typeof cost.totalMonthlyUsd !== "number") missing.push("cost");
  if (missing.length > 0) throw new PlanFileError(`${file} is not a complete Lakeform plan (missing or malformed: ${missing.join(", ")}). Fix: ${again}.`);
  return value as unknown as PlatformPlan;
}
