import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBEngine } from "../../../runtime/engines/duckdb/duckdb-engine.ts";
import { EmrEngine } from "../../../runtime/engines/emr/emr-engine.ts";
import type { EmrSettings } from "../../../runtime/engines/emr/emr-settings.ts";
import type { InputRelation } from "../../../runtime/engines/engine.ts";
import { localFiles } from "../../../runtime/storage/data-location.ts";
import type { EngineUnderTest } from "../engine-contract.ts";
import { FakeSparkCluster } from "./fake-spark-cluster.ts";
import { LocalArtifacts } from "./local-artifacts.ts";
import { LocalLakeStore } from "./local-lake-store.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const fakeClusterSettings: EmrSettings = {
  environment: "test",
  releaseLabel: "emr-7.5.0",
  instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"],
  coreNodes: 2,
  spot: true,
  serviceRole: "arn:aws:iam::123456789012:role/lf-test-emr-service",
  instanceProfile: "arn:aws:iam::123456789012:instance-profile/lf-test-emr-nodes",
  subnetIds: ["subnet-a"],
  logUri: "s3://lf-test-logs/emr/",
};

/** The EMR engine on a fake Spark cluster, with what a test needs to look behind it. */
export interface EmrOnFakeCluster extends EngineUnderTest {
  readonly engine: EmrEngine;
  readonly store: LocalLakeStore;
  readonly cluster: FakeSparkCluster;
  readonly artifacts: LocalArtifacts;
  read(sql: string, views: readonly InputRelation[]): Promise<Record<string, unknown>[]>;
  /** Published-data views with their `s3://` files as the local folders standing for them. */
  localViews(views: readonly InputRelation[]): InputRelation[];
}

/**
 * The EMR engine over a fake Spark cluster: the EMR API mocked at the client, steps run on DuckDB
 * over a temporary folder standing for S3 (the lake bucket and the artifacts bucket). Data is read
 * back with a DuckDB engine over the same files, as Athena reads them in the cloud. Polling sleeps
 * until the running step settles (bounded), never a fixed time.
 */
export async function openEmrOnFakeCluster(options: { readonly now?: () => Date } = {}): Promise<EmrOnFakeCluster> {
  const root = mkdtempSync(join(tmpdir(), "lakeform-emr-fake-"));
  const cluster = await FakeSparkCluster.create(root);
  const artifacts = new LocalArtifacts(root);
  const engine = new EmrEngine({ emr: cluster.client, artifacts, settings: fakeClusterSettings, sleep: () => cluster.settled(), ...(options.now === undefined ? {} : { now: options.now }) });
  const reader = await DuckDBEngine.create({ tempDirectory: join(root, "spill"), memoryLimit: "256MB", threads: 1 });
  const localViews = (views: readonly InputRelation[]) => views.map((view) => ({ ...view, files: view.files.map((f) => (f.kind === "files" && f.uri.startsWith("s3://") ? localFiles(cluster.pathOf(f.uri)) : f)) }));
  return {
    engine,
    store: new LocalLakeStore(root),
    cluster,
    artifacts,
    outputs: "folder",
    localViews,
    async read(select, views) {
      return (await reader.query(select, localViews(views))).rows;
    },
    async close() {
      await engine.close();
      await cluster.close();
      await reader.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
