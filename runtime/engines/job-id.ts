import { createHash } from "node:crypto";
import type { EngineRequest } from "./engine.ts";

/**
 * The deterministic id of the job computing `request`: asset, partitions, fingerprint and attempt
 * hashed, so a retry of the same work (a new process, a lost response) finds the job it started
 * instead of running it twice. Letters, digits, `_` and `-` only, under 64 characters: valid as a
 * BigQuery job id and as an EMR step name.
 *
 * @example jobIdOf({ node, partitions: [{ partition: "2024-01-01", … }], attempt: 1 }) // "lakeform_clean_orders_5f2c…"
 */
export function jobIdOf(request: Pick<EngineRequest, "node" | "partitions" | "attempt">): string {
  const partitions = request.partitions.map((p) => p.partition).sort();
  const hash = createHash("sha256").update(JSON.stringify([request.node.key, partitions, request.node.fingerprint, request.attempt])).digest("hex").slice(0, 24);
  const slug = request.node.key.replace(/[^A-Za-z0-9]+/g, "_").slice(0, 30);
  return `lakeform_${slug}_${hash}`;
}
