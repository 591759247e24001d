import { afterEach, beforeEach } from "vitest";
import type { CheckResultRecord, MaterialisationRecord, NewRun, ProfileRecord } from "../../../runtime/state/records.ts";
import type { StateStore } from "../../../runtime/state/state-store.ts";

/** Opens a fresh, empty store for one test. */
export type OpenStore<S> = () => Promise<S>;

export const base = Date.parse("2024-05-01T10:00:00.000Z");
/** A fixed instant `minutes` after the base time, so tests never depend on the clock. */
export const at = (minutes: number): Date => new Date(base + minutes * 60_000);

export function aRun(id: string, minutes = 0): NewRun {
  return { id, selection: "clean/*", trigger: "manual", startedAt: at(minutes), pid: 4242, host: "worker-1" };
}

export function aPublish(m: MaterialisationRecord, rows: number) {
  const file = `s3://lake/${m.asset}/${m.version}/part-0.parquet`;
  return { id: m.id, rows, bytes: rows * 100, files: [file], digests: [{ key: file, bytes: rows * 100, sha256: "ab".repeat(32) }], timings: { compute: rows, publish: 1 } };
}

export function aCheckResult(m: MaterialisationRecord, check: string, minutes: number): CheckResultRecord {
  return {
    materialisationId: m.id,
    asset: m.asset,
    partition: m.partition,
    check,
    kind: "not_null",
    severity: "error",
    blocking: true,
    status: "fail",
    message: "3 nulls of 10,000 rows",
    metrics: { failing: 3, rows: 10_000, column: "order_id", threshold: null },
    failingSample: [{ order_id: null, amount: 12.5, tags: ["a", "b"], nested: { ok: false } }],
    evaluatedAt: at(minutes),
  };
}

export function aProfile(m: MaterialisationRecord, rows: number, minutes: number): ProfileRecord {
  return {
    materialisationId: m.id,
    asset: m.asset,
    partition: m.partition,
    rows,
    columns: [
      { name: "amount", type: "DOUBLE", nulls: 0, distinct: 97, min: 0.5, max: 990.25, mean: 120.125, stddev: 33.5, minLength: null, maxLength: null, quantiles: [10, 100.5, 200] },
      { name: "country", type: "VARCHAR", nulls: 2, distinct: null, min: "AT", max: "ZA", mean: null, stddev: null, minLength: 2, maxLength: 2, quantiles: null },
    ],
    profiledAt: at(minutes),
  };
}

/**
 * A fresh, empty store for each test of the enclosing suite (closed afterwards), with the helpers
 * the role suites share. Only the interface is used, so every backend runs the same tests.
 */
export function storeFixture(open: OpenStore<StateStore>) {
  let current: StateStore | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const store = (): StateStore => {
    if (current === undefined) throw new Error("The store is open only inside a test.");
    return current;
  };

  /** Creates run `runId` if needed and starts a materialisation in it. */
  async function started(asset: string, partition: string, minutes: number, runId = `run-${minutes}`): Promise<MaterialisationRecord> {
    if ((await store().getRun(runId)) === undefined) await store().createRun(aRun(runId, minutes));
    return store().startMaterialisation({ runId, asset, partition, version: `${asset}@${partition}#${minutes}`, fingerprint: `fp-${minutes}`, startedAt: at(minutes) });
  }

  async function publishedAt(asset: string, partition: string, minutes: number, rows: number): Promise<MaterialisationRecord> {
    const m = await started(asset, partition, minutes);
    await store().publish([aPublish(m, rows)], at(minutes + 1));
    return m;
  }

  async function statusOf(m: MaterialisationRecord): Promise<string | undefined> {
    const history = await store().materialisationHistory(m.asset, { partition: m.partition });
    return history.find((h) => h.id === m.id)?.status;
  }

  return { store, started, publishedAt, statusOf };
}
