import type { ArtifactStore } from "./artifact-store.ts";

/**
 * What the runtime keeps of an EMR job, in the artifacts bucket (`runs/<job id>/job.json`), so
 * that any later tick, in any process, can re-attach by id: where its step runs now, how often
 * its cluster was launched, and what each partition writes.
 */
export interface EmrJobManifest {
  readonly jobId: string;
  readonly asset: string;
  readonly stepName: string;
  /** `runs/<job id>/step.sql`: the script, kept for relaunches and for people reading a failure. */
  readonly scriptKey: string;
  readonly clusterId: string;
  readonly stepId: string;
  /** Clusters launched for this job so far (a lost spot cluster launches another). */
  readonly launches: number;
  /** ISO instant of the first submission: the cost guard's `maxRuntime` counts from it. */
  readonly submittedAt: string;
  readonly maxRuntimeMs?: number;
  readonly partitions: readonly { readonly partition: string; readonly output: string; readonly auditFolder: string }[];
  /** The declared columns the version holds (dropped PII left out): what the SQL returns beyond them is schema drift. @default - no drift reported */
  readonly declared?: readonly string[];
  /** Set once the job ended by itself or was stopped: `cancelled`, or why it failed. */
  readonly ended?: { readonly state: "cancelled" } | { readonly state: "failed"; readonly error: string };
}

export const manifestKey = (jobId: string) => `runs/${jobId}/job.json`;

export async function readManifest(store: ArtifactStore, jobId: string): Promise<EmrJobManifest | undefined> {
  const text = await store.get(manifestKey(jobId));
  return text === undefined ? undefined : (JSON.parse(text) as EmrJobManifest);
}

export async function writeManifest(store: ArtifactStore, manifest: EmrJobManifest): Promise<void> {
  await store.put(manifestKey(manifest.jobId), `${JSON.stringify(manifest, null, 2)}\n`);
}
