import { createHash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type pg from "pg";
import type { PostgresSourceSpec } from "../../core/declare/postgres-source.ts";
import { parseDuration } from "../../core/declare/duration.ts";
import { LakeformError } from "../../core/errors.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { SourceBatch } from "../../state/source-batch-ledger.ts";
import type { StateStore } from "../../state/state-store.ts";
import type { LandingFile } from "../file-drop/landing-file.ts";
import { assertPiiKey } from "../batch/pii-key-check.ts";
import { batchLandingFile, batchPath, exists, extractsDir, linesOf } from "../batch/batch-files.ts";
import { batchLine, type BatchLayout } from "./batch-record.ts";
import { extractBatch } from "./extract-batch.ts";
import { openSourceConnection } from "./open-source-connection.ts";
import { CURSOR_TEXT, LATE_FLAG, extractionSql, relationName, relationSql, type CursorBounds } from "./postgres-relation.ts";

/** What an extraction leaves for the load: every batch file the version is made of. */
export interface Extraction {
  readonly files: LandingFile[];
  /** The batch this run recorded, if the source had new rows. */
  readonly added: SourceBatch | undefined;
  /** Snapshot mode: keys of the previous snapshot that the new one lacks (deleted in the app database). */
  readonly keysGone: number;
}

/** What an extraction needs besides the source. */
export interface ExtractContext {
  readonly node: AssetNode;
  readonly spec: PostgresSourceSpec;
  readonly landingDir: string;
  readonly state: StateStore;
  readonly piiKey: Buffer | undefined;
  readonly now: () => Date;
  readonly environment: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_BATCH_ROWS = 10_000;

const idOf = (...parts: readonly string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);

/** The relation's columns (a `limit 0` probe), set against the declared ones. */
async function layoutOf(client: pg.Client, node: AssetNode, spec: PostgresSourceSpec): Promise<BatchLayout> {
  const probe = await client.query(`select * from ${relationSql(spec)} as s limit 0`);
  const typeOf = new Map(probe.fields.map((f) => [f.name, f.dataTypeID]));
  const declared = node.columns;
  for (const [role, column] of [["cursor", spec.cursor], ["softDelete", spec.softDelete]] as const) {
    if (column !== undefined && !typeOf.has(column)) {
      throw new LakeformError(`Asset "${node.key}": its ${role} column "${column}" is not a column of ${relationName(spec)} (it has ${[...typeOf.keys()].map((n) => `"${n}"`).join(", ")}). Fix: name a column the table has, or add it to the table.`);
    }
  }
  const selected = Object.keys(declared).filter((name) => typeOf.has(name) && declared[name]?.pii?.treatment !== "drop");
  const unexpected = [...typeOf.keys()].filter((name) => declared[name] === undefined && name !== CURSOR_TEXT && name !== LATE_FLAG);
  return { selected, unexpected, typeOf };
}

/**
 * Extracts a PostgreSQL source's new rows into a batch file and records the batch in the
 * state store's ledger, which advances its high watermark; returns every batch file its next
 * version is made of.
 *
 * Incremental: the rows whose cursor is past the watermark (less the lookback, rows of which
 * already landed are left out), ordered by the cursor; the batch id comes from the cursor range,
 * so a retried run, which finds the batch recorded, lands the same rows under the same id and
 * extracts nothing twice. A batch recorded whose file is gone (a new container) is extracted
 * again from its range. Snapshot: the whole relation; the version holds the newest snapshot only.
 */
export async function extractPostgres(at: ExtractContext): Promise<Extraction> {
  const { node, spec } = at;
  assertPiiKey(node, at.piiKey);
  const dir = extractsDir(at.landingDir, node.key);
  const relation = relationName(spec);
  const client = await openSourceConnection(node.key, spec, at.environment);
  try {
    const layout = await layoutOf(client, node, spec);
    const lineOf = (row: Readonly<Record<string, string | null>>) => batchLine(row, layout, node.columns, at.piiKey);
    const batchRows = spec.batchRows ?? DEFAULT_BATCH_ROWS;
    const batches = await at.state.sourceBatches(node.key);
    const extract = (bounds: CursorBounds | undefined, path: string, landed?: ReadonlySet<string>) =>
      extractBatch(client, extractionSql(spec, layout.selected, bounds), path, { batchRows, lineOf, ...(landed === undefined ? {} : { landed }) });
    const next = join(dir, "next.jsonl");

    if (spec.mode === "snapshot") {
      const previous = batches.at(-1);
      const taken = await extract(undefined, next);
      const batchId = idOf(node.key, taken.sha256, previous?.batchId ?? "");
      let current = previous;
      if (previous !== undefined && previous.sha256 === taken.sha256 && (await exists(batchPath(dir, previous.batchId)))) {
        await rm(next, { force: true });
      } else {
        await rename(next, batchPath(dir, batchId));
        current = await at.state.recordSourceBatch({ source: node.key, batchId, mode: "snapshot", lowMark: undefined, highMark: undefined, rows: taken.rows, sha256: taken.sha256, extractedAt: at.now() });
      }
      const keysGone = previous === undefined || current === previous ? 0 : await keysGoneBetween(node, batchPath(dir, previous.batchId), batchPath(dir, batchId));
      // Older snapshots are never loaded again: the raw tier does not accumulate them.
      for (const old of batches) if (old.batchId !== current?.batchId) await rm(batchPath(dir, old.batchId), { force: true });
      return { files: current === undefined ? [] : [batchLandingFile(dir, `postgres/${relation}`, current)], added: current === previous ? undefined : current, keysGone };
    }

    // A batch recorded whose file is gone is extracted again from its range.
    for (const batch of batches) {
      if (!(await exists(batchPath(dir, batch.batchId)))) await extract({ after: batch.lowMark, upTo: batch.highMark, lateUpTo: undefined }, batchPath(dir, batch.batchId));
    }
    const watermark = batches.at(-1)?.highMark;
    const lookbackMs = spec.lookback === undefined ? 0 : (parseDuration(spec.lookback) ?? 0);
    let after = watermark;
    let landed: Set<string> | undefined;
    if (watermark !== undefined && lookbackMs > 0) {
      after = (await client.query<{ bound: string }>("select ($1::timestamptz - make_interval(secs => $2::double precision / 1000))::text as bound", [watermark, String(lookbackMs)])).rows[0]?.bound ?? watermark;
      // Late rows are compared with the batches whose range reaches into the lookback.
      const marks = batches.map((b) => b.highMark ?? "");
      const reaching = await client.query<{ i: string }>("select i::text from unnest($1::text[]) with ordinality as t(m, i) where m <> '' and m::timestamptz > $2::timestamptz", [marks, after]);
      landed = await linesOf(reaching.rows.map((r) => batches[Number(r.i) - 1]).flatMap((b) => (b === undefined ? [] : [batchPath(dir, b.batchId)])));
    }
    const taken = await extract({ after, upTo: undefined, lateUpTo: landed === undefined ? undefined : watermark }, next, landed);
    let added: SourceBatch | undefined;
    if (taken.rows === 0 || taken.highMark === undefined) {
      await rm(next, { force: true });
    } else {
      const batchId = idOf(node.key, after ?? "", taken.highMark);
      await rename(next, batchPath(dir, batchId));
      added = await at.state.recordSourceBatch({ source: node.key, batchId, mode: "incremental", lowMark: after, highMark: taken.highMark, rows: taken.rows, sha256: taken.sha256, extractedAt: at.now() });
    }
    const all = added === undefined ? batches : [...batches, added];
    return { files: all.map((b) => batchLandingFile(dir, `postgres/${relation}`, b)), added, keysGone: 0 };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** How many primary keys of the previous snapshot the new one lacks (0 without a declared key). */
async function keysGoneBetween(node: AssetNode, previous: string, current: string): Promise<number> {
  const keys = Object.entries(node.columns).filter(([, c]) => c.primaryKey).map(([name]) => name);
  if (keys.length === 0 || !(await exists(previous))) return 0;
  const keyOf = (line: string) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(keys.map((k) => record[k] ?? null));
  };
  const now = new Set([...(await linesOf([current]))].map(keyOf));
  let gone = 0;
  for (const line of await linesOf([previous])) if (!now.has(keyOf(line))) gone += 1;
  return gone;
}
