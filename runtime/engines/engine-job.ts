import type { SchemaDrift } from "../core/schema-drift.ts";
import type { DataLocation } from "../storage/data-location.ts";

/** What a job is expected to cost, known before it runs (a BigQuery dry run). */
export interface CostEstimate {
  /** Bytes the job will scan (what BigQuery bills). */
  readonly bytesProcessed?: number;
  /** A price for people, when the engine knows one. */
  readonly usd?: number;
}

/** Refuses a job on its estimate: the reason (then nothing runs), or undefined to let it run. */
export type CostGuard = (estimate: CostEstimate) => string | undefined;

/** Options of `Engine.submit`. */
export interface SubmitOptions {
  /** Consulted with the estimate before anything runs. @default - no guard (engines without an estimate never consult one) */
  readonly guard?: CostGuard;
}

/** Where a job is. `failed` carries the error's message (naming the asset); `wait()` throws the error itself. */
export type JobStatus =
  | { readonly state: "queued" }
  | { readonly state: "running" }
  | { readonly state: "succeeded" }
  | { readonly state: "failed"; readonly error: string }
  | { readonly state: "cancelled" };

/** What one partition of a job wrote. */
export interface PartitionOutput {
  readonly partition: string;
  readonly output: DataLocation;
  readonly rows: number;
  readonly drift: SchemaDrift;
}

/** What a job computed: one output per partition of its request, in the request's order. */
export interface JobResult {
  readonly partitions: readonly PartitionOutput[];
}

/** A submitted computation: pollable, awaitable and cancellable, from the process that submitted it or one that re-attached by id. */
export interface EngineJob {
  /** Deterministic: {@link jobIdOf} the request. */
  readonly id: string;
  readonly asset: string;
  /** The estimate made before it ran; undefined where the engine makes none (DuckDB). */
  readonly estimate: CostEstimate | undefined;
  poll(): Promise<JobStatus>;
  /** The result once the job succeeded; throws its error if it failed, a cancellation error naming the asset if it was cancelled. */
  wait(): Promise<JobResult>;
  /** Stops the job (a queued one never starts; a running one is interrupted); no effect once it finished. */
  cancel(): Promise<void>;
}
