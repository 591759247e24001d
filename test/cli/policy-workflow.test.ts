import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stacksIn } from "../../infra/plan/read-stack-file.ts";

type Step = { run?: string; uses?: string; with?: Record<string, string> };
const workflow = parse(readFileSync(".github/workflows/lakeform.yml", "utf8")) as { on: object; jobs: Record<string, { steps: Step[]; strategy?: { matrix: { stack: string[] } } }> };

describe("the example GitHub Actions workflow", () => {
  it("runs on pull requests: the tests as CI runs them, the gate of every stack against the base branch's plan, and the plan diff as a comment", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.jobs.test?.steps.map((s) => s.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    const policy = workflow.jobs.policy;
    expect(policy?.strategy?.matrix.stack).toEqual(stacksIn(process.cwd()).sort((a, b) => ["dev", "prod", "gcp-dev"].indexOf(a) - ["dev", "prod", "gcp-dev"].indexOf(b)));
    const runs = policy?.steps.map((s) => s.run ?? "").join("\n") ?? "";
    expect(runs).toContain('node runtime/bin/lakeform.mjs plan --stack "${{ matrix.stack }}" --json > "$RUNNER_TEMP/base-${{ matrix.stack }}.json"');
    expect(runs).toContain('git worktree add "$RUNNER_TEMP/base" "origin/${{ github.base_ref }}"');
    expect(runs).toMatch(/policy check --stack "\$\{\{ matrix\.stack \}\}" \\\n\s+--baseline "\$RUNNER_TEMP\/base-\$\{\{ matrix\.stack \}\}\.json" --format github/);
    expect(runs).toContain("--diff \"$RUNNER_TEMP/base-${{ matrix.stack }}.json\"");
    expect(policy?.steps.find((s) => s.uses?.startsWith("actions/github-script"))?.with?.script).toContain("github.rest.issues.createComment");
  });
});
