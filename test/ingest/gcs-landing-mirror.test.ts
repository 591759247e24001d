import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mirrorGcsLanding } from "../../runtime/sources/file-drop/gcs-landing-mirror.ts";
import { listLanding, matchingFiles } from "../../runtime/sources/file-drop/landing-listing.ts";
import { FakeGcs } from "../support/fake-gcs.ts";

let fake: FakeGcs;
let storage: Storage;
beforeAll(async () => {
  fake = await FakeGcs.start();
  storage = new Storage({ apiEndpoint: fake.endpoint, projectId: "lf-test-project" });
});
afterAll(async () => fake?.close());

const put = (bucket: string, name: string, text: string) => fake.put(bucket, name, Buffer.from(text));

describe("a file-drop source lands from a GCS prefix", () => {
  it("mirrors the prefix into a landing folder: same paths, landed times, only new or changed files fetched, gone files removed", async () => {
    const bucket = fake.createBucket("lf-test-landing");
    const into = mkdtempSync(join(tmpdir(), "lakeform-gcs-landing-"));
    try {
      await put(bucket, "drops/orders/2024-01-01.csv", "id,amount\n1,10\n");
      await put(bucket, "drops/orders/2024-01-02.csv", "id,amount\n2,20\n");
      await put(bucket, "drops/.hidden/skip.csv", "x");
      await put(bucket, "drops_eu/orders/not-mine.csv", "x");
      await put(bucket, "drops/customers/all.json", "[]");

      expect(await mirrorGcsLanding(storage, `gs://${bucket}/drops`, into)).toEqual({ downloaded: ["customers/all.json", "orders/2024-01-01.csv", "orders/2024-01-02.csv"], removed: [], unchanged: 0 });
      expect(matchingFiles(await listLanding(into), "orders/*.csv").map((f) => f.path)).toEqual(["orders/2024-01-01.csv", "orders/2024-01-02.csv"]);
      expect(readFileSync(join(into, "orders", "2024-01-02.csv"), "utf8")).toBe("id,amount\n2,20\n");
      // The landed time is the object's, so window-by-landing sources see when it landed in GCS.
      expect(Math.abs(statSync(join(into, "orders", "2024-01-01.csv")).mtimeMs - Date.now())).toBeLessThan(60_000);

      expect(await mirrorGcsLanding(storage, `gs://${bucket}/drops/`, into)).toEqual({ downloaded: [], removed: [], unchanged: 3 });

      // Rewritten with the same size within the same second: only its generation tells.
      await put(bucket, "drops/orders/2024-01-01.csv", "id,amount\n1,11\n");
      await put(bucket, "drops/orders/2024-01-02.csv", "id,amount\n2,20\n3,30\n");
      await storage.bucket(bucket).file("drops/customers/all.json").delete();
      expect(await mirrorGcsLanding(storage, `gs://${bucket}/drops/`, into)).toEqual({ downloaded: ["orders/2024-01-01.csv", "orders/2024-01-02.csv"], removed: ["customers/all.json"], unchanged: 0 });
      expect(readFileSync(join(into, "orders", "2024-01-01.csv"), "utf8")).toBe("id,amount\n1,11\n");
      expect(readFileSync(join(into, "orders", "2024-01-02.csv"), "utf8")).toBe("id,amount\n2,20\n3,30\n");
      expect((await listLanding(into)).map((f) => f.path)).toEqual(["orders/2024-01-01.csv", "orders/2024-01-02.csv"]);
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });

  it("says what is wrong with a landing that is not a GCS prefix or whose bucket does not exist", async () => {
    await expect(mirrorGcsLanding(storage, "/mnt/drops", tmpdir())).rejects.toThrow('Landing "/mnt/drops" is not a gs://bucket/prefix/ URI. Fix: write it as gs://lf-prod-landing/drops/.');
    await expect(mirrorGcsLanding(storage, "gs://no-such-landing/drops/", tmpdir())).rejects.toThrow(`GCS bucket "no-such-landing" does not exist at ${fake.endpoint} (while trying to list the landing files). Fix:`);
  });
});
