import { isAbsolute, relative, resolve } from "node:path";
import { compile, PlanError } from "../../../infra/plan/compile.ts";
import type { Environment } from "../../../infra/plan/environment.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { assetFindings } from "../../../policies/assets/run-asset-rules.ts";
import { compatibilityFindings } from "../../../policies/compatibility/schema-compatibility.ts";
import type { CollectedResource } from "../../../policies/collect/collected-resource.ts";
import type { EnforcementLevel, Finding } from "../../../policies/finding.ts";
import type { PolicyReport } from "../../../policies/report/policy-report.ts";
import { resourceFindings } from "../../../policies/resources/resource-rules.ts";
import { ruleLevels } from "../../../policies/rule-levels.ts";
import { applyWaivers } from "../../../policies/waivers/apply-waivers.ts";
import type { ColumnProfileReading } from "../../core/checks/read-audit.ts";
import type { Declarations } from "../../core/graph/build-asset-graph.ts";
import { buildAssetGraph } from "../../core/graph/build-asset-graph.ts";
import { AssetGraphError } from "../../core/errors.ts";
import type { AssetGraph } from "../../core/graph/asset-graph.ts";
import { UsageError } from "../usage-error.ts";
import { allRuleIds, policyRules } from "./policy-rules.ts";

/** The rule a catalog that cannot be validated or planned reports under: nothing else can run on it. */
export const CATALOG_VALID = "catalog-valid";

/** The rule a stack whose Pulumi program fails under mocks reports under: `pulumi preview` would fail the same way. */
export const PROGRAM_RUNS = "program-runs";

/** The stack's resources, or a `program-runs` finding when its program fails under mocks. */
async function resourceFindingsOf(collect: () => Promise<readonly CollectedResource[]>, levels: ReadonlyMap<string, EnforcementLevel>): Promise<Finding[]> {
  let resources: readonly CollectedResource[];
  try {
    resources = await collect();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    const [what, fix] = message.split(/\. Fix: /);
    return [{ rule: PROGRAM_RUNS, level: "mandatory", message: what ?? message, fix: fix ?? "run pulumi preview on the stack to see why" }];
  }
  return resourceFindings(resources, Object.fromEntries(levels));
}

/** What a policy check runs on; loading (catalog, stack file, state, Pulumi program) is the caller's. */
export interface PolicyCheckInput {
  readonly declarations: Declarations;
  readonly environment: Environment;
  readonly baseline?: PlatformPlan;
  /** Latest profiles of the local state, by asset. */
  readonly profiles?: (graph: AssetGraph) => Promise<ReadonlyMap<string, readonly ColumnProfileReading[]>>;
  /** The stack's resources under mocks; undefined skips the resource rules. */
  readonly resources?: () => Promise<readonly CollectedResource[]>;
  /** Findings' `file:line` are made relative to this directory (declaration sites are relative to the process's). */
  readonly cwd: string;
}

/** `at` relative to `cwd` instead of the process's working directory. */
function relativeTo(cwd: string, finding: Finding): Finding {
  if (finding.at === undefined) return finding;
  const match = /^(.*):(\d+)$/.exec(finding.at);
  if (match?.[1] === undefined) return finding;
  const absolute = isAbsolute(match[1]) ? match[1] : resolve(process.cwd(), match[1]);
  return { ...finding, at: `${relative(cwd, absolute).split("\\").join("/")}:${match[2]}` };
}

/**
 * Runs the governance gate on one stack: builds the graph (a missing owner is reported by the
 * `asset-has-owner` rule rather than stopping the build; any other invalid declaration is a
 * `catalog-valid` finding and nothing else runs), compiles the stack's plan, and runs the asset
 * rules, schema compatibility against the baseline, and the resource rules, every rule at its
 * level in the stack; waivers in the declarations then mark what they silence.
 * @throws UsageError when the stack's `lakeform:policies` names rules that do not exist.
 */
export async function runPolicyCheck(input: PolicyCheckInput): Promise<PolicyReport> {
  const { environment } = input;
  const rules = policyRules(environment.cloud);
  const { levels, unknown } = ruleLevels(
    allRuleIds().map((id) => rules.find((r) => r.id === id) ?? { id, description: "", defaultLevel: "disabled" as const }),
    environment.policies,
  );
  if (unknown.length > 0) {
    throw new UsageError(`Stack "${environment.name}": lakeform:policies names ${unknown.length === 1 ? "a rule that does not exist" : "rules that do not exist"}:\n${unknown.map((u) => ` - "${u.id}". Fix: ${u.fix}.`).join("\n")}`);
  }
  const ran = rules.filter((rule) => (rule.family !== "resource" || input.resources !== undefined) && (rule.family !== "compatibility" || input.baseline !== undefined));
  const inStack = ran.map(({ family: _, ...rule }) => ({ ...rule, level: levels.get(rule.id) ?? rule.defaultLevel }));
  const report = (findings: readonly Finding[]): PolicyReport => ({ stack: environment.name, rules: inStack, findings: findings.map((f) => relativeTo(input.cwd, f)) });
  let graph: AssetGraph;
  let plan: PlatformPlan;
  try {
    graph = buildAssetGraph(input.declarations, { ownersOptional: true });
    plan = compile(graph, environment);
  } catch (error) {
    if (error instanceof AssetGraphError) {
      return report(error.problems.map((p) => ({ rule: CATALOG_VALID, level: "mandatory" as const, message: p.message, fix: p.fix, ...(p.asset === undefined ? {} : { asset: p.asset }), ...(p.at === undefined ? {} : { at: p.at }) })));
    }
    if (error instanceof PlanError) return report([{ rule: CATALOG_VALID, level: "mandatory", message: error.message.replace(/\.$/, ""), fix: "correct each asset as its problem says" }]);
    throw error;
  }
  const profiles = input.profiles === undefined ? undefined : await input.profiles(graph);
  const findings = [
    ...assetFindings({ graph, plan, ...(profiles === undefined ? {} : { profiles }) }, levels),
    ...(input.baseline === undefined ? [] : compatibilityFindings(input.baseline, plan, graph, levels)),
    ...(input.resources === undefined ? [] : await resourceFindingsOf(input.resources, levels)),
  ];
  return report(applyWaivers(findings, graph, allRuleIds(), levels.get("waiver-valid")));
}
