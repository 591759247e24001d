import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { piiKeyFingerprint } from "../../runtime/core/pii/pii-key.ts";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

const ORIGINAL = "original-pii-key-0123456789";
const OTHER = "another-pii-key-9876543210";

let ws: TempWorkspace;
beforeEach(() => {
  ws = new TempWorkspace(EVENTS_CATALOG);
  ws.land("events/day5.csv", eventsCsv([["e1", "ann@example.com", "", "12.50", "2024-01-05T10:00:00Z"]]));
});
afterEach(() => ws.remove());

const materialize = (key: string) => ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"], { LAKEFORM_PII_KEY: key });
const history = async () => JSON.parse((await ws.lakeform(["history", "raw/events", "--json"])).stdout) as unknown[];

describe("the PII key's fingerprint is recorded, and a different key is refused", () => {
  it("is an HMAC of a constant under the key: 16 hex characters, never the key", () => {
    const fingerprint = piiKeyFingerprint(Buffer.from(ORIGINAL));
    expect(fingerprint).toBe(createHmac("sha256", ORIGINAL).update("lakeform-pii-key-fingerprint").digest("hex").slice(0, 16));
    expect(fingerprint).not.toBe(piiKeyFingerprint(Buffer.from(OTHER)));
  });

  it("refuses a run that would hash with a different key, before landing anything", async () => {
    const first = await materialize(ORIGINAL);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const before = await history();

    const refused = await materialize(OTHER);
    expect(refused.code).toBe(1);
    const shown = (key: string) => `${piiKeyFingerprint(Buffer.from(key)).slice(0, 12)}…`;
    expect(refused.stderr).toContain(
      `Asset "raw/events": LAKEFORM_PII_KEY does not match the key that hashed the data already landed (fingerprint ${shown(ORIGINAL)}; this key's is ${shown(OTHER)}). Fix: set the original key, or run \`lakeform pii rotate-key --confirm\``,
    );
    expect(await history()).toEqual(before);
    const hashed = await ws.query("select user_email from raw.events");
    expect(hashed).toEqual([{ user_email: createHmac("sha256", ORIGINAL).update("ann@example.com").digest("hex") }]);

    const again = await materialize(ORIGINAL);
    expect(again.code, again.stderr).toBe(0);
  });

  it("rotates the key only with --confirm, naming the sources whose hashes no longer join", async () => {
    expect((await materialize(ORIGINAL)).code).toBe(0);
    const unconfirmed = await ws.lakeform(["pii", "rotate-key"], { LAKEFORM_PII_KEY: OTHER });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Values already published by "raw/events" were hashed with the old key and will no longer join values hashed with the new one. Fix: run `lakeform pii rotate-key --confirm`');
    expect((await materialize(OTHER)).code).toBe(1);

    const rotated = await ws.lakeform(["pii", "rotate-key", "--confirm"], { LAKEFORM_PII_KEY: OTHER });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain("Rotated the PII key");
    expect(rotated.stdout).toContain('Re-materialise every partition of "raw/events"');

    const rehashed = await materialize(OTHER);
    expect(rehashed.code, rehashed.stderr + rehashed.stdout).toBe(0);
    expect(await ws.query("select user_email from raw.events")).toEqual([{ user_email: createHmac("sha256", OTHER).update("ann@example.com").digest("hex") }]);
    expect((await materialize(ORIGINAL)).code).toBe(1);
  });

  it("refuses a key shorter than 16 characters before landing anything", async () => {
    const short = await materialize("too-short");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('Asset "raw/events": LAKEFORM_PII_KEY is shorter than 16 characters. Fix: use a longer secret; nothing was landed.');
    expect(await history()).toEqual([]);
  });
});
