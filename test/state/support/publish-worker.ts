/**
 * A worker process for the multi-process test of the SQLite state store. Usage:
 *
 *   node --import tsx publish-worker.ts <db file> <worker name> <iterations>
 *
 * Prints "ready", waits for "go" on stdin (so that all workers start together), opens the
 * store and, `iterations` times, starts a run, starts a materialisation of the same (asset,
 * partition) as every other worker and publishes it. Exits non-zero on any error.
 */
import { hostname } from "node:os";
import { createInterface } from "node:readline";
import { SqliteStateStore } from "../../../runtime/state/sqlite/sqlite-state-store.ts";

const sharedAsset = "clean/orders";
const sharedPartition = "2024-05-01";

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
  const [path, worker, iterationsText] = process.argv.slice(2);
  const iterations = Number(iterationsText);
  if (path === undefined || worker === undefined || !Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000) {
    throw new Error("Usage: publish-worker.ts <db file> <worker name> <iterations 1..10000>");
  }
  process.stdout.write("ready\n");
  await waitForGo(30_000);
  const store = SqliteStateStore.open(path);
  try {
    for (let i = 0; i < iterations; i++) {
      const runId = `${worker}-${i}`;
      await store.createRun({ id: runId, selection: sharedAsset, trigger: "manual", startedAt: new Date(), pid: process.pid, host: hostname() });
      const m = await store.startMaterialisation({ runId, asset: sharedAsset, partition: sharedPartition, version: `v-${runId}`, fingerprint: "f", startedAt: new Date() });
      await store.publish([{ id: m.id, rows: i, bytes: i * 10, files: [`s3://lake/${runId}.parquet`], timings: { compute: 1 } }], new Date());
      await store.finishRun(runId, "succeeded", new Date(), { published: 1 });
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
