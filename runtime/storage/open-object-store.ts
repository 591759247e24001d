import { join } from "node:path";
import type { RuntimeConfig } from "../config/runtime-config.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { LocalObjectStore } from "./local/local-object-store.ts";
import type { ObjectStore } from "./object-store.ts";
import { S3ObjectStore } from "./s3/s3-object-store.ts";
import { TieredObjectStore } from "./tiered-object-store.ts";
import type { S3ClientSettings } from "./s3/s3-store-options.ts";

/**
 * The object store `config` asks for: S3 when `LAKEFORM_S3_BUCKET` is set (below
 * `LAKEFORM_S3_PREFIX`, at `LAKEFORM_S3_ENDPOINT` if given; a bucket per tier when its name holds `{tier}`; scratch files in the workspace's
 * `.scratch/s3-uploads`), else the workspace's own folders. `client` adds S3 client settings
 * (a region, credentials) to what the AWS SDK finds in the environment.
 *
 * @example
 * const store = openObjectStore(runtimeConfigFrom(process.env), workspace);
 * store.kind // "local", or "s3" with LAKEFORM_S3_BUCKET=lake-prod-data
 */
export function openObjectStore(config: RuntimeConfig, workspace: Workspace, client: S3ClientSettings = {}): ObjectStore {
  const { bucket, prefix, endpoint } = config.s3;
  if (bucket === undefined) return new LocalObjectStore(workspace.dataDir);
  const s3 = (name: string) =>
    new S3ObjectStore({
      bucket: name,
      ...(prefix === undefined ? {} : { prefix }),
      client: { ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }), ...client },
      scratchDir: join(workspace.scratchDir, "s3-uploads"),
    });
  // `lf-prod-{tier}-123456789012`: a bucket per tier, as the Pulumi program creates them.
  if (bucket.includes("{tier}")) return new TieredObjectStore({ raw: s3(bucket.replace("{tier}", "raw")), clean: s3(bucket.replace("{tier}", "clean")), curated: s3(bucket.replace("{tier}", "curated")) });
  return s3(bucket);
}
