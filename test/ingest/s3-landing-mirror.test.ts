import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLanding, matchingFiles } from "../../runtime/sources/file-drop/landing-listing.ts";
import { mirrorS3Landing } from "../../runtime/sources/file-drop/s3-landing-mirror.ts";
import { s3ClientConfig } from "../../runtime/storage/s3/s3-store-options.ts";
import { startS3Server, type S3Server } from "../support/s3-server.ts";

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

const put = (Bucket: string, Key: string, Body: string) => client.send(new PutObjectCommand({ Bucket, Key, Body }));

describe("a file-drop source lands from an S3 prefix", () => {
  it("mirrors the prefix into a landing folder: same paths, landed times, only new or changed files fetched, gone files removed", async () => {
    const bucket = await server.createBucket("landing");
    const into = mkdtempSync(join(tmpdir(), "lakeform-s3-landing-"));
    try {
      await put(bucket, "drops/orders/2024-01-01.csv", "id,amount\n1,10\n");
      await put(bucket, "drops/orders/2024-01-02.csv", "id,amount\n2,20\n");
      await put(bucket, "drops/.hidden/skip.csv", "x");
      await put(bucket, "drops_eu/orders/not-mine.csv", "x");
      await put(bucket, "drops/customers/all.json", "[]");

      expect(await mirrorS3Landing(client, `s3://${bucket}/drops`, into)).toEqual({ downloaded: ["customers/all.json", "orders/2024-01-01.csv", "orders/2024-01-02.csv"], removed: [], unchanged: 0 });
      const listing = await listLanding(into);
      expect(matchingFiles(listing, "orders/*.csv").map((f) => f.path)).toEqual(["orders/2024-01-01.csv", "orders/2024-01-02.csv"]);
      expect(readFileSync(join(into, "orders", "2024-01-02.csv"), "utf8")).toBe("id,amount\n2,20\n");
      // The landed time is the object's, so window-by-landing sources see when it landed in S3.
      expect(Math.abs(statSync(join(into, "orders", "2024-01-01.csv")).mtimeMs - Date.now())).toBeLessThan(60_000);

      expect(await mirrorS3Landing(client, `s3://${bucket}/drops/`, into)).toEqual({ downloaded: [], removed: [], unchanged: 3 });

      // Rewritten with the same size within the same second: only its ETag tells.
      await put(bucket, "drops/orders/2024-01-01.csv", "id,amount\n1,11\n");
      await put(bucket, "drops/orders/2024-01-02.csv", "id,amount\n2,20\n3,30\n");
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "drops/customers/all.json" }));
      expect(await mirrorS3Landing(client, `s3://${bucket}/drops/`, into)).toEqual({ downloaded: ["orders/2024-01-01.csv", "orders/2024-01-02.csv"], removed: ["customers/all.json"], unchanged: 0 });
      expect(readFileSync(join(into, "orders", "2024-01-01.csv"), "utf8")).toBe("id,amount\n1,11\n");
      expect(readFileSync(join(into, "orders", "2024-01-02.csv"), "utf8")).toBe("id,amount\n2,20\n3,30\n");
      expect((await listLanding(into)).map((f) => f.path)).toEqual(["orders/2024-01-01.csv", "orders/2024-01-02.csv"]);
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });

  it("says what is wrong with a landing that is not an S3 prefix or whose bucket does not exist", async () => {
    await expect(mirrorS3Landing(client, "/mnt/drops", tmpdir())).rejects.toThrow('Landing "/mnt/drops" is not an s3://bucket/prefix/ URI. Fix: write it as s3://lake-prod-landing/drops/.');
    await expect(mirrorS3Landing(client, "s3://no-such-landing/drops/", tmpdir())).rejects.toThrow(`S3 bucket "no-such-landing" does not exist at ${server.endpoint} (while trying to list the landing files). Fix:`);
  });
});
