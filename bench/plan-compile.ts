import { buildAssetGraph } from "lakeform";
import { compile } from "../infra/plan/compile.ts";
import { diffPlans } from "../infra/plan/diff-plans.ts";
import { environmentOf } from "../infra/plan/environment.ts";
import type { Benchmark, BenchmarkFigures } from "./benchmark.ts";
import { generateCatalog } from "./generate-catalog.ts";
import { measure, memoryFigures } from "./measure.ts";
import { renderTable } from "./render-table.ts";

const ASSETS = 10_000;

/** A production-like GCP stack (the generated catalog puts some curated assets on BigQuery): two consumer roles. */
const environment = environmentOf("prod", {
  cloud: "gcp",
  region: "europe-west1",
  gcpProject: "acme-data-prod",
  prefix: "lf-prod",
  defaultEngine: "bigquery",
  runtimeImage: "europe-west1-docker.pkg.dev/acme-data-prod/lakeform/lakeform:0.1.0",
  consumers: {
    analysts: { principal: "group:analysts@acme.example", tiers: ["curated"] },
    privacy: { principal: "group:privacy@acme.example", tiers: ["raw", "clean", "curated"], pii: true },
  },
});

/** Compiles a 10,000-asset catalog into its PlatformPlan, serialises it, and diffs it against the plan without one asset. */
export const planCompile: Benchmark = {
  name: "plan-compile",
  description: `compile(graph, environment) for ${ASSETS.toLocaleString("en")} assets, JSON, diff`,
  async run(): Promise<BenchmarkFigures> {
    const graph = buildAssetGraph(generateCatalog({ assets: ASSETS }));
    const compiled = measure(() => compile(graph, environment), 3);
    const plan = compiled.result;
    const json = measure(() => JSON.stringify(plan), 3);
    const catalog = generateCatalog({ assets: ASSETS });
    const last = catalog.length - 1;
    const smaller = compile(buildAssetGraph(catalog.filter((_, i) => i !== last)), environment);
    const diffed = measure(() => diffPlans(smaller, plan), 3);
    const memory = memoryFigures();
    console.log(`${plan.tables.length.toLocaleString("en")} tables, ${plan.grants.length.toLocaleString("en")} grants, ${plan.resources.length.toLocaleString("en")} resources; plan JSON ${(json.result.length / 1024 / 1024).toFixed(1)} MiB; estimated $${plan.cost.totalMonthlyUsd.toLocaleString("en")}/month`);
    console.log(renderTable(["operation", "cold ms", "median ms", "min ms"], [["compile", compiled.timing.coldMs, compiled.timing.medianMs, compiled.timing.minMs], ["JSON.stringify", json.timing.coldMs, json.timing.medianMs, json.timing.minMs], ["diffPlans (one asset added)", diffed.timing.coldMs, diffed.timing.medianMs, diffed.timing.minMs]]));
    return {
      assets: ASSETS,
      compile_median_ms: compiled.timing.medianMs,
      json_median_ms: json.timing.medianMs,
      diff_median_ms: diffed.timing.medianMs,
      plan_json_mib: json.result.length / 1024 / 1024,
      diff_added_assets: diffed.result.assets.added.length,
      peak_rss_mib: memory.peakRssMiB,
    };
  },
};
