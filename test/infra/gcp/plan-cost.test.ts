import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../../infra/plan/compile.ts";
import { PRICE_TABLES } from "../../../infra/plan/prices.ts";
import { readStackFile } from "../../../infra/plan/read-stack-file.ts";
import { exampleGraph } from "../plan/example-stacks.ts";

const PROJECT_DIR = fileURLToPath(new URL("../../..", import.meta.url));
const GIB = 1024 ** 3;

describe("the plan of the gcp-dev stack", () => {
  const plan = compile(exampleGraph(), readStackFile(PROJECT_DIR, "gcp-dev"));
  const storageOf = (asset: string) => plan.cost.perAsset.find((a) => a.asset === asset)?.items.find((i) => i.what.startsWith("storage"));

  it("prices tier tables as BigQuery storage, not GCS: active while rewritten, long-term for partitions untouched 90 days", () => {
    const bigquery = PRICE_TABLES.gcp.find((t) => t.region === "europe-west1")?.bigqueryStorage;
    expect(bigquery).toEqual({ active: 0.02, longTerm: 0.01 });
    // clean/customers is rewritten by each run: always active.
    expect(storageOf("clean/customers")?.basis).toBe("1.00 GiB × $0.02/GiB-month (BigQuery active storage)");
    // clean/orders keeps daily partitions for a year: 90 days active, the rest long-term.
    expect(storageOf("clean/orders")?.basis).toBe("1.00 GiB × $0.0125/GiB-month (BigQuery: 25% active, 75% long-term)");
    // raw/web_events keeps 30 days of partitions: never long-term.
    expect(storageOf("raw/web_events")?.basis).toContain("BigQuery active storage");
  });

  it("observes stored bytes when known", () => {
    const observed = compile(exampleGraph(), readStackFile(PROJECT_DIR, "gcp-dev"), { "clean/customers": { storedBytes: 100 * GIB } });
    expect(observed.cost.perAsset.find((a) => a.asset === "clean/customers")?.items[0]).toMatchObject({ monthlyUsd: 2, basis: "100.00 GiB × $0.02/GiB-month (BigQuery active storage)" });
  });

  it("prices the runtime in the project with GCP's tables: Cloud SQL db-f1-micro, Cloud KMS, Secret Manager", () => {
    expect(plan.cost.prices).toMatchObject({ region: "europe-west1" });
    expect(plan.cost.platform.map((i) => i.what)).toEqual(["scheduler ticks", "state database (db-f1-micro)", "encryption key", "secrets"]);
    expect(plan.cost.platform.find((i) => i.what === "encryption key")?.monthlyUsd).toBe(0.06);
  });
});
