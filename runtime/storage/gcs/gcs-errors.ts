import { LakeformError } from "../../core/errors.ts";
import { gsUri } from "./gcs-uri.ts";

/** An error of the GCS object store, naming the object (or bucket) and the fix. */
export class GcsStoreError extends LakeformError {
  override name = "GcsStoreError";
}

/** What the store was doing when GCS failed. */
export interface GcsOperation {
  readonly bucket: string;
  /** The object name (below the prefix), or the listed prefix. */
  readonly name?: string;
  readonly action: string;
  readonly endpoint: string;
}

const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "EPIPE"]);

/** HTTP status and message of an error the Storage client threw. */
function failureOf(error: unknown): { code: number | string | undefined; message: string } {
  const e = error as { code?: number | string; message?: string };
  return { code: e.code, message: (e.message ?? String(error)).split("\n")[0] ?? "" };
}

/** Whether GCS answered 404 for a missing object (not a missing bucket). */
export function isMissingObject(error: unknown): boolean {
  const { code, message } = failureOf(error);
  return code === 404 && !/bucket does not exist/i.test(message);
}

/** A GCS failure as an error naming where it happened and the fix. */
export function gcsStoreError(error: unknown, at: GcsOperation): GcsStoreError {
  const { code, message } = failureOf(error);
  const where = at.name === undefined ? `GCS bucket gs://${at.bucket}` : `GCS object ${gsUri(at.bucket, at.name)}`;
  if (typeof code === "string" && NETWORK.has(code)) return new GcsStoreError(`${where}: could not ${at.action}: the endpoint ${at.endpoint} cannot be reached (${code}). Fix: check the network and the endpoint (LAKEFORM_GCS_ENDPOINT, or none for Google's own), then run again.`, { cause: error });
  if (code === 404 && /bucket does not exist/i.test(message)) return new GcsStoreError(`GCS bucket "${at.bucket}" does not exist at ${at.endpoint} (while trying to ${at.action}). Fix: create it (\`pulumi up\` creates the stack's buckets), or set LAKEFORM_GCS_BUCKET to an existing bucket.`, { cause: error });
  if (code === 401 || code === 403) return new GcsStoreError(`${where}: access denied to ${at.action} (${message}). Fix: grant the runtime's service account roles/storage.objectAdmin on gs://${at.bucket}, and check that its credentials are current.`, { cause: error });
  return new GcsStoreError(`${where}: could not ${at.action}: ${message}${typeof code === "number" ? ` (HTTP ${code})` : ""}. Fix: run again; if it persists, check the bucket in the Cloud console.`, { cause: error });
}
