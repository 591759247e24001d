import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import type { HttpApiSourceSpec } from "../../core/declare/http-api-source.ts";
import { parseDuration } from "../../core/declare/duration.ts";
import { LakeformError } from "../../core/errors.ts";
import type { AssetNode } from "../../core/graph/asset-node.ts";
import type { SourceBatch } from "../../state/source-batch-ledger.ts";
import type { StateStore } from "../../state/state-store.ts";
import { batchLandingFile, batchPath, exists, extractsDir } from "../batch/batch-files.ts";
import { assertPiiKey } from "../batch/pii-key-check.ts";
import type { LandingFile } from "../file-drop/landing-file.ts";
import { ApiClient, realClock, type ApiClock } from "./api-client.ts";
import { apiRecordLine, recordProblem } from "./api-record.ts";
import { firstPageUrl, nextPageUrl, valueAt } from "./next-page.ts";

/** What an HTTP extraction needs besides the source. */
export interface HttpExtractContext {
  readonly node: AssetNode;
  readonly spec: HttpApiSourceSpec;
  readonly landingDir: string;
  readonly state: StateStore;
  readonly piiKey: Buffer | undefined;
  readonly now: () => Date;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** @default the real clock and timers */
  readonly clock?: ApiClock;
}

/** What an HTTP extraction leaves for the load. */
export interface HttpExtraction {
  readonly files: LandingFile[];
  readonly pages: number;
  readonly records: number;
}

const MAX_REPORTED = 5;

function tokenHeader(node: AssetNode, spec: HttpApiSourceSpec, environment: Readonly<Record<string, string | undefined>>): Record<string, string> {
  if (spec.token === undefined) return {};
  const token = environment[spec.token.name];
  if (token === undefined || token.trim() === "") {
    throw new LakeformError(`Asset "${node.key}": its API token is read from the environment variable ${spec.token.name}, which is not set. Fix: set ${spec.token.name} to the API's token, e.g. from the secret manager.`);
  }
  return { authorization: `Bearer ${token.trim()}` };
}

/**
 * Reads every page of a JSON API into one batch file (a snapshot), validating each page's
 * records against the declared columns as it goes and treating PII as they are written; a page
 * that is not JSON, has no records array or holds records that cannot land fails the run and
 * nothing is recorded. The batch is recorded in the ledger (identified by its content and the
 * batch before it); an unchanged API lands the same batch again, and only the newest snapshot's
 * file is kept.
 */
export async function extractHttp(at: HttpExtractContext): Promise<HttpExtraction> {
  const { node, spec } = at;
  assertPiiKey(node, at.piiKey);
  const clock = at.clock ?? realClock;
  const headers = tokenHeader(node, spec, at.environment);
  const deadline = new Date(clock.now().getTime() + (parseDuration(spec.maxDuration ?? "15m") ?? 900_000));
  const client = new ApiClient(node.key, { requestsPerSecond: spec.requestsPerSecond ?? 5, timeoutMs: parseDuration(spec.timeout ?? "30s") ?? 30_000, maxRetries: spec.maxRetries ?? 5, deadline }, clock, headers, spec.token?.name);
  const maxPages = spec.maxPages ?? 1000;
  const dir = extractsDir(at.landingDir, node.key);
  await mkdir(dir, { recursive: true });
  const next = join(dir, `next.${randomBytes(4).toString("hex")}.partial`);
  const out = createWriteStream(next);
  const hash = createHash("sha256");
  const seen = new Set<string>();
  let url: string | undefined = firstPageUrl(spec.pagination, spec.url);
  let pages = 0;
  let records = 0;
  try {
    while (url !== undefined) {
      if (pages >= maxPages) throw new LakeformError(`Asset "${node.key}": the API had more than ${maxPages} pages. Fix: raise maxPages if it really is that large, or check the pagination settings; nothing was ingested.`);
      if (seen.has(url)) throw new LakeformError(`Asset "${node.key}": page ${pages + 1} would read ${url} again: the pagination loops. Fix: check the pagination settings against the API; nothing was ingested.`);
      seen.add(url);
      pages += 1;
      const page = await client.get(url, pages);
      let body: unknown;
      try {
        body = JSON.parse(page.text);
      } catch (error) {
        throw new LakeformError(`Asset "${node.key}": page ${pages} is not valid JSON (${(error as Error).message}). Fix: check the API's answer for that page; nothing was ingested.`);
      }
      const list = valueAt(body, spec.records);
      if (!Array.isArray(list)) throw new LakeformError(`Asset "${node.key}": page ${pages} has no records array at ${spec.records === undefined ? "its top level" : `"${spec.records}"`}. Fix: set records to the path of the array in the API's answer; nothing was ingested.`);
      const problems = list.flatMap((record, i) => {
        const problem = recordProblem(record, node.columns);
        return problem === undefined ? [] : [`record ${i + 1}: ${problem}`];
      });
      if (problems.length > 0) {
        const shown = problems.slice(0, MAX_REPORTED).join("; ") + (problems.length > MAX_REPORTED ? `; and ${problems.length - MAX_REPORTED} more` : "");
        throw new LakeformError(`Asset "${node.key}": page ${pages} does not match the declared columns: ${shown}. Fix: declare the columns as the API sends them (or .nullable()); nothing was ingested.`);
      }
      for (const record of list as Record<string, unknown>[]) {
        const line = `${apiRecordLine(record, node.columns, at.piiKey)}\n`;
        hash.update(line);
        records += 1;
        if (!out.write(line)) await once(out, "drain");
      }
      url = nextPageUrl(spec.pagination, spec.url, { url, number: pages, body, records: list.length, link: page.link });
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    out.destroy();
    await rm(next, { force: true });
    throw error;
  }
  const sha256 = hash.digest("hex");
  const batches = await at.state.sourceBatches(node.key);
  const previous = batches.at(-1);
  let current: SourceBatch;
  if (previous !== undefined && previous.sha256 === sha256 && (await exists(batchPath(dir, previous.batchId)))) {
    await rm(next, { force: true });
    current = previous;
  } else {
    const batchId = createHash("sha256").update(`${node.key}\u0000${sha256}\u0000${previous?.batchId ?? ""}`).digest("hex").slice(0, 16);
    await rename(next, batchPath(dir, batchId));
    current = await at.state.recordSourceBatch({ source: node.key, batchId, mode: "snapshot", lowMark: undefined, highMark: undefined, rows: records, sha256, extractedAt: at.now() });
  }
  for (const old of batches) if (old.batchId !== current.batchId) await rm(batchPath(dir, old.batchId), { force: true });
  return { files: [batchLandingFile(dir, `http/${new URL(spec.url).host}`, current)], pages, records };
}
