import { S3Client } from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";
import type { RuntimeConfig } from "../config/runtime-config.ts";
import { mirrorGcsLanding } from "../sources/file-drop/gcs-landing-mirror.ts";
import { mirrorS3Landing } from "../sources/file-drop/s3-landing-mirror.ts";
import { gcsClientOptions } from "../storage/open-object-store.ts";

/** How long a mirror pass stays fresh: sources looking at the landing within it do not list it again. */
export const LANDING_REFRESH_MS = 30_000;

/** A remote landing mirrored into a local folder. */
export interface RemoteLanding {
  /** Mirrors new and changed objects, unless a pass finished less than {@link LANDING_REFRESH_MS} ago (one pass at a time). */
  refresh(): Promise<void>;
  close(): void;
}

/** Whether `landingDir` (`LAKEFORM_LANDING_DIR`) names an object-store prefix rather than a folder. */
export function isRemoteLanding(landingDir: string | undefined): landingDir is `${"s3" | "gs"}://${string}` {
  return landingDir !== undefined && /^(s3|gs):\/\//.test(landingDir);
}

/**
 * The landing at `uri` (`s3://bucket/prefix/` or `gs://bucket/prefix/`) mirrored into `into`
 * (`mirrorS3Landing`, `mirrorGcsLanding`), with the clients `config` implies: S3 at
 * `LAKEFORM_S3_ENDPOINT` if set, GCS at `LAKEFORM_GCS_ENDPOINT` if set; credentials from each
 * SDK's usual sources. `clock` measures freshness (monotonic milliseconds).
 */
export function remoteLanding(uri: `${"s3" | "gs"}://${string}`, config: Pick<RuntimeConfig, "s3" | "gcs" | "bigquery">, into: string, clock: () => number = () => performance.now()): RemoteLanding {
  let mirror: () => Promise<unknown>;
  let close = () => {};
  if (uri.startsWith("s3://")) {
    const endpoint = config.s3.endpoint;
    const client = new S3Client({ requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED", ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }) });
    mirror = () => mirrorS3Landing(client, uri, into);
    close = () => client.destroy();
  } else {
    const storage = new Storage(gcsClientOptions(config));
    mirror = () => mirrorGcsLanding(storage, uri, into);
  }
  let last: number | undefined;
  let running: Promise<void> | undefined;
  return {
    refresh() {
      if (running !== undefined) return running;
      if (last !== undefined && clock() - last < LANDING_REFRESH_MS) return Promise.resolve();
      running = mirror()
        .then(() => void (last = clock()))
        .finally(() => (running = undefined));
      return running;
    },
    close,
  };
}
