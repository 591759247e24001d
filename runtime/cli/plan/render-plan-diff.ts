import type { AssetChange, AssetSummary, DestroyedResource, PlanDiff, SettingChange } from "../../../infra/plan/plan-diff.ts";
import type { GrantPlan } from "../../../infra/plan/platform-plan.ts";
import { formatUsd, formatUsdDelta } from "./format-usd.ts";

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;
const setting = (c: SettingChange): string => `${c.what} ${c.from} → ${c.to}`;

function summaryLine(sign: "+" | "-", a: AssetSummary): string {
  const parts = [
    ...(a.table === undefined ? [] : [`table ${a.table.database}.${a.table.name} (${plural(a.table.columns, "column")}${a.table.piiColumns.length === 0 ? "" : `; PII: ${a.table.piiColumns.join(", ")}`})`]),
    plural(a.grants.length, "grant"),
    plural(a.resources.length, "resource"),
    `${formatUsdDelta(sign === "+" ? a.monthlyUsd : -a.monthlyUsd)}/month`,
  ];
  return `${sign} ${a.asset}: ${parts.join(", ")}`;
}

function changeLine(c: AssetChange): string {
  const parts = [
    ...c.columns.added.map((col) => `+column ${col.name} (${col.type}${col.pii === undefined ? "" : `; PII ${col.pii}`})`),
    ...c.columns.removed.map((col) => `-column ${col.name} (${col.type})`),
    ...c.columns.changed.map((col) => `column ${col.name}: ${col.changes.map(setting).join(", ")}`),
    ...c.settings.map(setting),
    ...(c.monthlyUsd.delta === 0 ? [] : [`${formatUsdDelta(c.monthlyUsd.delta)}/month`]),
  ];
  return `~ ${c.asset}: ${parts.join("; ")}`;
}

const grantColumns = (g: GrantPlan): string => `${plural(g.columns.length, "column")}${g.excludedColumns.length === 0 ? "" : `, withheld: ${g.excludedColumns.join(", ")}`}`;

function grantLines(grants: PlanDiff["grants"]): string[] {
  return [
    ...grants.added.map((g) => `+ ${g.role} → ${g.asset} (${grantColumns(g)})`),
    ...grants.removed.map((g) => `- ${g.role} → ${g.asset}`),
    ...grants.changed.map((g) => {
      const parts = [
        ...g.columns.added.map((c) => `+${c}`),
        ...g.columns.removed.map((c) => `-${c}`),
        ...(g.withheld.added.length === 0 ? [] : [`now withheld: ${g.withheld.added.join(", ")}`]),
        ...(g.withheld.removed.length === 0 ? [] : [`no longer withheld: ${g.withheld.removed.join(", ")}`]),
        ...(g.principal === undefined ? [] : [`principal ${g.principal.from} → ${g.principal.to}`]),
      ];
      return `~ ${g.role} → ${g.asset}: ${parts.join(", ")}`;
    }),
  ];
}

function resourceLines(resources: PlanDiff["resources"]): string[] {
  const ids = (sign: string, list: readonly { readonly id: string }[]) => (list.length === 0 ? [] : [`${sign} ${list.map((r) => r.id).join(", ")}`]);
  const replaced = resources.changed.filter((r) => r.replaced);
  return [...ids("+", resources.added), ...ids("-", resources.removed), ...ids("~", resources.changed.filter((r) => !r.replaced)), ...(replaced.length === 0 ? [] : [`! replaced: ${replaced.map((r) => r.id).join(", ")}`])];
}

/** What `--fail-on-destroy` refuses, one line per resource, each with the fix. */
export function describeDestroyed(destroyed: readonly DestroyedResource[]): string[] {
  return destroyed.map(
    ({ resource, how }) =>
      `Resource "${resource.id}"${resource.asset === undefined ? "" : ` (asset ${resource.asset})`}: holds data in a protected stack and would be ${how}. Fix: ${how === "removed" ? "keep what declares it (or restore it)" : "keep its name (revert the rename)"}; to destroy it on purpose, first set lakeform:protectData false for the stack, deploy, and plan again.`,
  );
}

/**
 * `lakeform plan --diff` for a pull-request comment: one summary line, then a fenced `diff`
 * block with `+` additions, `-` removals, `~` changes and `!` replacements of assets,
 * resources and grants, the cost change, and a warning for protected data that would go.
 */
export function renderPlanDiff(diff: PlanDiff): string {
  const { assets, resources, grants, cost } = diff;
  const summary = [
    `${plural(assets.added.length, "asset")} added, ${assets.removed.length} removed, ${assets.changed.length} changed`,
    `resources +${resources.added.length} -${resources.removed.length} ~${resources.changed.length}`,
    `grants +${grants.added.length} -${grants.removed.length} ~${grants.changed.length}`,
    `cost ${formatUsdDelta(cost.total.delta)}/month (${formatUsd(cost.total.from)} → ${formatUsd(cost.total.to)})`,
  ].join(" · ");
  const stacks = diff.previous.environment === diff.next.environment ? `stack ${diff.next.environment}` : `stack ${diff.previous.environment} → ${diff.next.environment} (plans of different stacks)`;
  const body = [
    ...(assets.added.length + assets.removed.length + assets.changed.length === 0 ? [] : ["# assets", ...assets.added.map((a) => summaryLine("+", a)), ...assets.removed.map((a) => summaryLine("-", a)), ...assets.changed.map(changeLine)]),
    ...(resources.added.length + resources.removed.length + resources.changed.length === 0 ? [] : ["# resources", ...resourceLines(resources)]),
    ...(grants.added.length + grants.removed.length + grants.changed.length === 0 ? [] : ["# grants", ...grantLines(grants)]),
    ...(cost.perAsset.length === 0 && cost.platform.delta === 0 ? [] : ["# cost (USD/month)", ...cost.perAsset.map((c) => `${c.delta < 0 ? "-" : c.delta > 0 ? "+" : "~"} ${c.asset}: ${formatUsd(c.from)} → ${formatUsd(c.to)} (${formatUsdDelta(c.delta)})`), ...(cost.platform.delta === 0 ? [] : [`~ platform: ${formatUsd(cost.platform.from)} → ${formatUsd(cost.platform.to)} (${formatUsdDelta(cost.platform.delta)})`])]),
  ];
  const destroyed = diff.destroysProtectedData.length === 0 ? [] : ["", `⚠ ${plural(diff.destroysProtectedData.length, "protected resource")} holding data would be removed or replaced:`, ...describeDestroyed(diff.destroysProtectedData).map((l) => `- ${l}`)];
  return [
    `#### lakeform plan --diff (${stacks})`,
    summary,
    ...(body.length === 0 ? ["", "No changes."] : ["", "```diff", ...body, "```"]),
    ...destroyed,
    "",
    `Costs are estimates from list prices (catalog ${diff.previous.catalogFingerprint} → ${diff.next.catalogFingerprint}); \`lakeform plan\` shows their basis and assumptions.`,
  ].join("\n");
}
