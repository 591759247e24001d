import { assertNever } from "../core/assert-never.ts";
import type { SourceSpec } from "../core/declare/source-spec.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { TimeWindow } from "../core/partitions/time-window.ts";
import type { StateStore } from "../state/state-store.ts";
import { lookAtLanding, type LandingLook } from "./file-drop/look-at-landing.ts";
import { batchesNode } from "./batch/batches-node.ts";
import { extractPostgres } from "./postgres/extract-postgres.ts";
import type { ApiClock } from "./http/api-client.ts";
import { extractHttp } from "./http/extract-http.ts";

/** What a source has for one run: the files to load, and the node they load as. */
export interface SourceLook extends LandingLook {
  /** The node the files load as: the source itself for a file drop; for an extracting source, a file drop of its batch files. */
  readonly loadAs: AssetNode;
  /** Snapshot extraction: keys of the previous snapshot the new one lacks (rows deleted at the source). */
  readonly keysGone: number;
}

/** Everything a source may need to look: the file drop's landing, the extraction's ledger, secrets and clock. */
export interface LookAtSourceRequest {
  readonly node: AssetNode;
  readonly from: SourceSpec;
  readonly window: TimeWindow | undefined;
  readonly landingDir: string;
  readonly ledger: StateStore;
  readonly piiKey: Buffer | undefined;
  readonly now: () => Date;
  /** Where secrets named by the declaration are read (the CLI passes the process environment). @default none */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** How an API source waits (rate limit, retries). @default the real clock and timers */
  readonly apiClock?: ApiClock;
}

/**
 * What a source finds for one run, whatever kind it is: a file drop looks at its landing
 * (`lookAtLanding`); a PostgreSQL source extracts its new rows into a batch file first
 * (`extractPostgres`); an API source reads its pages into one (`extractHttp`). Either way the run loads the files with the same `LandingLoader`, so
 * types, PII and load metadata are handled identically.
 */
export async function lookAtSource(request: LookAtSourceRequest): Promise<SourceLook> {
  const { node, from } = request;
  switch (from.kind) {
    case "fileDrop":
      return { ...(await lookAtLanding({ node, from, window: request.window, landingDir: request.landingDir, ledger: request.ledger, now: request.now() })), loadAs: node, keysGone: 0 };
    case "postgres": {
      const extraction = await extractPostgres({ node, spec: from, landingDir: request.landingDir, state: request.ledger, piiKey: request.piiKey, now: request.now, environment: request.environment ?? {} });
      return { files: extraction.files, signature: 0, matching: extraction.files.length, rowsDecide: false, unmatched: [], loadAs: batchesNode(node), keysGone: extraction.keysGone };
    }
    case "httpApi": {
      const extraction = await extractHttp({ node, spec: from, landingDir: request.landingDir, state: request.ledger, piiKey: request.piiKey, now: request.now, environment: request.environment ?? {}, ...(request.apiClock === undefined ? {} : { clock: request.apiClock }) });
      return { files: extraction.files, signature: 0, matching: extraction.files.length, rowsDecide: false, unmatched: [], loadAs: batchesNode(node), keysGone: 0 };
    }
    default:
      return assertNever(from);
  }
}
