import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { localPathOf } from "../../runtime/storage/data-location.ts";
import { openObjectStore } from "../../runtime/storage/open-object-store.ts";
import { S3ObjectStore } from "../../runtime/storage/s3/s3-object-store.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { startS3Server, type S3Server } from "../support/s3-server.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let server: S3Server;
let cwd: string;
beforeAll(async () => {
  server = await startS3Server();
  cwd = mkdtempSync(join(tmpdir(), "lakeform-open-store-"));
});
afterAll(async () => {
  await server?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe("openObjectStore: the store the configuration asks for", () => {
  it("is the workspace's own folders when no S3 bucket is configured", () => {
    const workspace = workspaceOf({ environment: "dev", cwd });
    const store = openObjectStore(runtimeConfigFrom({}), workspace);
    expect(store.kind).toBe("local");
    expect(localPathOf(store.locationOf("clean/orders/v-1.parquet"))).toBe(join(workspace.dataDir, "clean", "orders", "v-1.parquet"));
  });

  it("is S3 with LAKEFORM_S3_BUCKET, below LAKEFORM_S3_PREFIX, at LAKEFORM_S3_ENDPOINT, with scratch files in the workspace", async () => {
    const bucket = await server.createBucket("lake-dev");
    const config = runtimeConfigFrom({ LAKEFORM_S3_BUCKET: bucket, LAKEFORM_S3_PREFIX: "/lakeform/dev/", LAKEFORM_S3_ENDPOINT: server.endpoint });
    expect(config.s3).toEqual({ bucket, prefix: "lakeform/dev", endpoint: server.endpoint });
    const workspace = workspaceOf({ environment: "dev", cwd });
    const store = openObjectStore(config, workspace, { region: "us-east-1", credentials: server.client.credentials! });
    try {
      expect(store.kind).toBe("s3");
      expect(store.locationOf("clean/orders/v-1.parquet")).toMatchObject({ kind: "files", uri: `s3://${bucket}/lakeform/dev/clean/orders/v-1.parquet` });
      const path = await store.writePathOf("clean/orders/v-1.parquet");
      expect(path.startsWith(join(workspace.scratchDir, "s3-uploads"))).toBe(true);
      await writeFile(path, "PAR1");
      expect((await store.commit("clean/orders/v-1.parquet")).bytes).toBe(4);
      expect(await store.list("clean")).toEqual(["clean/orders/v-1.parquet"]);
      expect(readdirSync(join(workspace.scratchDir, "s3-uploads"))).toEqual([]);
    } finally {
      await (store as S3ObjectStore).close();
    }
    expect(existsSync(join(workspace.scratchDir, "s3-uploads"))).toBe(true);
  });

  it("keeps each tier in its own bucket when the name holds {tier}, as the Pulumi program creates them", async () => {
    const [raw, curated] = ["lf-dev-raw-1", "lf-dev-curated-1"];
    for (const bucket of [raw, curated, "lf-dev-clean-1"]) await server.createBucketNamed(bucket);
    const config = runtimeConfigFrom({ LAKEFORM_S3_BUCKET: "lf-dev-{tier}-1", LAKEFORM_S3_ENDPOINT: server.endpoint });
    const store = openObjectStore(config, workspaceOf({ environment: "dev", cwd }), { region: "us-east-1", credentials: server.client.credentials! });
    expect(store.locationOf("raw/orders/v-1/part-00000.parquet")).toMatchObject({ uri: `s3://${raw}/raw/orders/v-1/part-00000.parquet` });
    expect(store.locationOf("curated/revenue/v-1/")).toMatchObject({ uri: `s3://${curated}/curated/revenue/v-1/` });
    await writeFile(await store.writePathOf("curated/revenue/v-1/part-00000.parquet"), "PAR1");
    await store.commit("curated/revenue/v-1/part-00000.parquet");
    expect(await store.list("curated")).toEqual(["curated/revenue/v-1/part-00000.parquet"]);
    expect(await store.list("raw")).toEqual([]);
    await store.delete(["curated/revenue/v-1/part-00000.parquet"]);
    expect(await store.list("curated")).toEqual([]);
    expect(() => store.locationOf("landing/x.csv")).toThrow('"landing/x.csv" is not under a tier folder');
  });

  it("refuses S3 variables that cannot work, each with its fix", () => {
    expect(() => runtimeConfigFrom({ LAKEFORM_S3_BUCKET: "s3://lake-prod/data" })).toThrow(
      'LAKEFORM_S3_BUCKET "s3://lake-prod/data" is not an S3 bucket name. Fix: set it to the bucket\'s name alone (3 to 63 lowercase letters, digits, dots and dashes, e.g. lake-prod-data; `{tier}` stands for raw, clean and curated, e.g. lf-prod-{tier}-123456789012), or unset it to keep data files in the workspace.',
    );
    expect(() => runtimeConfigFrom({ LAKEFORM_S3_BUCKET: "lake", LAKEFORM_S3_ENDPOINT: "127.0.0.1:9000" })).toThrow(
      'LAKEFORM_S3_ENDPOINT "127.0.0.1:9000" is not an http(s) URL. Fix: set it to the S3-compatible server\'s URL, e.g. http://127.0.0.1:9000, or unset it for AWS S3.',
    );
    expect(() => runtimeConfigFrom({ LAKEFORM_S3_PREFIX: "lakeform/prod", LAKEFORM_S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(
      [
        "Invalid configuration (2 bad variables):",
        " - LAKEFORM_S3_PREFIX is set but LAKEFORM_S3_BUCKET is not. Fix: set LAKEFORM_S3_BUCKET to the bucket of the data files, or unset LAKEFORM_S3_PREFIX.",
        " - LAKEFORM_S3_ENDPOINT is set but LAKEFORM_S3_BUCKET is not. Fix: set LAKEFORM_S3_BUCKET to the bucket of the data files, or unset LAKEFORM_S3_ENDPOINT.",
      ].join("\n"),
    );
  });
});
