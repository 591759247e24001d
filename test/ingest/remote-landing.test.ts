import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtimeConfigFrom } from "../../runtime/config/runtime-config.ts";
import { isRemoteLanding, LANDING_REFRESH_MS, remoteLanding } from "../../runtime/run/remote-landing.ts";
import { FakeGcs } from "../support/fake-gcs.ts";

let fake: FakeGcs;
let into: string;
beforeAll(async () => {
  fake = await FakeGcs.start();
  into = mkdtempSync(join(tmpdir(), "lakeform-remote-landing-"));
});
afterAll(async () => {
  await fake?.close();
  rmSync(into, { recursive: true, force: true });
});

describe("a landing in an object store (LAKEFORM_LANDING_DIR as a URI)", () => {
  it("is told apart from a folder", () => {
    expect(["s3://drops/in/", "gs://drops/", "/mnt/drops", "drops", undefined].map(isRemoteLanding)).toEqual([true, true, false, false, false]);
  });

  it("is mirrored when a source looks at it, listed again only once the last pass is stale", async () => {
    const bucket = fake.createBucket("lf-test-landing");
    const config = runtimeConfigFrom({ LAKEFORM_GCS_BUCKET: "lf-test-{tier}", LAKEFORM_GCS_ENDPOINT: fake.endpoint });
    let now = 0;
    const landing = remoteLanding(`gs://${bucket}/drops/`, config, into, () => now);
    const listings = () => fake.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/b/${bucket}/o`)).length;

    await fake.put(bucket, "drops/orders/1.csv", Buffer.from("id\n1\n"));
    await Promise.all([landing.refresh(), landing.refresh()]);
    expect([listings(), existsSync(join(into, "orders", "1.csv"))]).toEqual([1, true]);

    await fake.put(bucket, "drops/orders/2.csv", Buffer.from("id\n2\n"));
    now += LANDING_REFRESH_MS - 1;
    await landing.refresh();
    expect([listings(), existsSync(join(into, "orders", "2.csv"))]).toEqual([1, false]);
    now += 1;
    await landing.refresh();
    expect([listings(), existsSync(join(into, "orders", "2.csv"))]).toEqual([2, true]);
    landing.close();
  });
});
