import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJsonRows, S3ArtifactStore } from "../../../runtime/engines/emr/artifact-store.ts";
import { s3ClientConfig } from "../../../runtime/storage/s3/s3-store-options.ts";
import { startS3Server, type S3Server } from "../../support/s3-server.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let server: S3Server;
let client: S3Client;
beforeAll(async () => {
  server = await startS3Server();
  client = new S3Client(s3ClientConfig(server.client));
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

describe("the S3 artifact store, against s3rver", () => {
  it("puts, gets and lists texts under its prefix, and reads back the JSON rows a Spark step wrote", async () => {
    const bucket = await server.createBucket("artifacts");
    const store = new S3ArtifactStore({ client, bucket, prefix: "lakeform/prod" });
    expect(store.uriOf("runs/j1/step.sql")).toBe(`s3://${bucket}/lakeform/prod/runs/j1/step.sql`);

    await store.put("runs/j1/step.sql", "SELECT 'ä';\n");
    await store.put("runs/j1/job.json", '{"jobId":"j1"}\n');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "lakeform/other/runs/j1/step.sql", Body: "not mine" }));
    expect(await store.get("runs/j1/step.sql")).toBe("SELECT 'ä';\n");
    expect(await store.get("runs/j2/step.sql")).toBeUndefined();
    expect(await store.list("runs/")).toEqual(["runs/j1/job.json", "runs/j1/step.sql"]);

    // What a step's `INSERT OVERWRITE DIRECTORY … USING json` leaves: part files, `_SUCCESS`, checksum files.
    const sparkWrote = (key: string, text: string) => client.send(new PutObjectCommand({ Bucket: bucket, Key: `lakeform/prod/${key}`, Body: Buffer.from(text) }));
    await sparkWrote("audits/a1/scan/_SUCCESS", "");
    await sparkWrote("audits/a1/scan/part-00000-7f3e-c000.json", '{"row_count":3,"c0":null}\n');
    await sparkWrote("audits/a1/scan/part-00001-7f3e-c000.json", '{"row_count":4,"c0":1}\n\n');
    await sparkWrote("audits/a1/scan/.part-00000-7f3e-c000.json.crc", "crc");
    await sparkWrote("audits/a1/empty/_SUCCESS", "");
    expect(await readJsonRows(store, "audits/a1/scan/")).toEqual([
      { row_count: 3, c0: null },
      { row_count: 4, c0: 1 },
    ]);
    expect(await readJsonRows(store, "audits/a1/empty/")).toEqual([]);
    expect(await readJsonRows(store, "audits/a1/never-written/")).toBeUndefined();
  });

  it("lists past one page of S3's listing (1,000 keys)", async () => {
    const bucket = await server.createBucket("artifacts");
    const store = new S3ArtifactStore({ client, bucket });
    const keys = Array.from({ length: 1_005 }, (_, i) => `audits/many/s${String(i).padStart(4, "0")}/part-00000.json`);
    for (let i = 0; i < keys.length; i += 25) await Promise.all(keys.slice(i, i + 25).map((key) => store.put(key, "{}\n")));
    expect(await store.list("audits/many/")).toEqual(keys);
  });
});
