/**
 * A worker process for the multi-process test of the PostgreSQL state store. Usage:
 *
 *   node --import tsx postgres-publish-worker.ts <postgres url> <schema> <worker name> <iterations> [<partition>...]
 *
 * Opens the store, prints "ready", waits for "go" on stdin (so that all workers start together)
 * and, `iterations` times, starts a run, starts a materialisation of the same asset for each
 * partition (default: one shared partition), publishes them in one batch, in the order given,
 * and finishes the run. Exits non-zero on any error.
 */
import { hostname } from "node:os";
import { createInterface } from "node:readline";
import { PostgresStateStore } from "../../../runtime/state/postgres/postgres-state-store.ts";

const sharedAsset = "clean/orders";

async function waitForGo(timeoutMs: number): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const timer = setTimeout(() => {
    process.stderr.write(`no "go" within ${timeoutMs} ms\n`);
    process.exit(3);
  }, timeoutMs);
  for await (const line of lines) {
    if (line.trim() === "go") break;
  }
  clearTimeout(timer);
  lines.close();
}

async function main(): Promise<void> {
  const [url, schema, worker, iterationsText, ...partitionArgs] = process.argv.slice(2);
  const partitions = partitionArgs.length === 0 ? ["2024-05-01"] : partitionArgs;
  const iterations = Number(iterationsText);
  if (url === undefined || schema === undefined || worker === undefined || !Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000) {
    throw new Error("Usage: postgres-publish-worker.ts <postgres url> <schema> <worker name> <iterations 1..10000> [<partition>...]");
  }
  // Opening (and migrating) happens before "ready", so the workers contend on publishing only.
  const store = await PostgresStateStore.open(url, { schema });
  try {
    process.stdout.write("ready\n");
    await waitForGo(30_000);
    for (let i = 0; i < iterations; i++) {
      const runId = `${worker}-${i}`;
      await store.createRun({ id: runId, selection: sharedAsset, trigger: "manual", startedAt: new Date(), pid: process.pid, host: hostname() });
      const started = [];
      for (const partition of partitions) {
        started.push(await store.startMaterialisation({ runId, asset: sharedAsset, partition, version: `v-${runId}`, fingerprint: "f", startedAt: new Date() }));
      }
      await store.publish(started.map((m) => ({ id: m.id, rows: i, bytes: i * 10, files: [`s3://lake/${runId}/${m.partition}.parquet`], timings: { compute: 1 } })), new Date());
      await store.finishRun(runId, "succeeded", new Date(), { published: partitions.length });
    }
  } finally {
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? `${error.name} ${(error as { code?: string }).code ?? ""}: ${error.message}` : String(error)}\n`);
    process.exit(1);
  },
);
