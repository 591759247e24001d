import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parsePlanJson, PlanFileError } from "../../../infra/plan/parse-plan-json.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { UsageError } from "../usage-error.ts";

/** The plan of `--baseline`: unreadable, not JSON, not a plan or of another format is a usage error naming the file and the fix. */
export function readBaseline(cwd: string, file: string): PlatformPlan {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
    throw new UsageError(`--baseline ${file} ${reason}. Fix: pass the output of \`lakeform plan --stack <stack> --json\` saved on the base branch, e.g. git checkout main && lakeform plan --stack prod --json > main-plan.json.`);
  }
  try {
    return parsePlanJson(text, file);
  } catch (error) {
    if (error instanceof PlanFileError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}
