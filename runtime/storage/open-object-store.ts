import { join } from "node:path";
import type { RuntimeConfig } from "../config/runtime-config.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { LocalObjectStore } from "./local/local-object-store.ts";
import type { ObjectStore } from "./object-store.ts";
import { GcsObjectStore } from "./gcs/gcs-object-store.ts";
import { S3ObjectStore } from "./s3/s3-object-store.ts";
import { TieredObjectStore } from "./tiered-object-store.ts";
import type { S3ClientSettings } from "./s3/s3-store-options.ts";

/**
 * The object store `config` asks for: Google Cloud Storage when `LAKEFORM_GCS_BUCKET` is set (at
 * `LAKEFORM_GCS_ENDPOINT` if given, a bucket per tier when its name holds `{tier}`, scratch files in
 * the workspace's `.scratch/gcs-uploads`); S3 when `LAKEFORM_S3_BUCKET` is set (below
 * `LAKEFORM_S3_PREFIX`, at `LAKEFORM_S3_ENDPOINT` if given; a bucket per tier when its name holds `{tier}`; scratch files in the workspace's
 * `.scratch/s3-uploads`), else the workspace's own folders. `client` adds S3 client settings
 * (a region, credentials) to what the AWS SDK finds in the environment.
 *
 * @example
 * const store = openObjectStore(runtimeConfigFrom(process.env), workspace);
 * store.kind // "local", or "s3" with LAKEFORM_S3_BUCKET=lake-prod-data
 */
export function openObjectStore(config: RuntimeConfig, workspace: Workspace, client: S3ClientSettings = {}): ObjectStore {
  if (config.gcs.bucket !== undefined) return perTier(config.gcs.bucket, (name) => new GcsObjectStore({ bucket: name, client: gcsClientOptions(config), scratchDir: join(workspace.scratchDir, "gcs-uploads") }));
  const { bucket, prefix, endpoint } = config.s3;
  if (bucket === undefined) return new LocalObjectStore(workspace.dataDir);
  const s3 = (name: string) =>
    new S3ObjectStore({
      bucket: name,
      ...(prefix === undefined ? {} : { prefix }),
      client: { ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }), ...client },
      scratchDir: join(workspace.scratchDir, "s3-uploads"),
    });
  return perTier(bucket, s3);
}

/** The Storage client settings of `config`: an emulator's endpoint (sent no credentials), else Google's with Application Default Credentials. */
export function gcsClientOptions(config: Pick<RuntimeConfig, "gcs" | "bigquery">): { apiEndpoint?: string; projectId?: string } {
  return { ...(config.gcs.endpoint === undefined ? {} : { apiEndpoint: config.gcs.endpoint }), ...(config.bigquery === undefined ? {} : { projectId: config.bigquery.project }) };
}

/** `lf-prod-{tier}-123456789012`: a bucket per tier, as the Pulumi programs create them; else one bucket. */
function perTier(bucket: string, open: (name: string) => ObjectStore): ObjectStore {
  if (!bucket.includes("{tier}")) return open(bucket);
  return new TieredObjectStore({ raw: open(bucket.replace("{tier}", "raw")), clean: open(bucket.replace("{tier}", "clean")), curated: open(bucket.replace("{tier}", "curated")) });
}
