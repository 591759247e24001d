import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PiiSpec } from "../../runtime/core/declare/pii.ts";
import { DROPPED, HASHED, treatSample } from "../../runtime/core/pii/treat-sample.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";

const KEY = Buffer.from("test-pii-key-0123456789");

/** The columns of raw/treatments and their declarations. */
const COLUMNS: Readonly<Record<string, PiiSpec>> = {
  email_mask: { kind: "email", treatment: "mask" },
  email_hash: { kind: "email", treatment: "hash" },
  name_mask: { kind: "name", treatment: "mask" },
  phone_mask: { kind: "phone", treatment: "mask" },
  card_mask: { kind: "payment_card", treatment: "mask" },
  ip_mask: { kind: "ip_address", treatment: "mask" },
  address_mask: { kind: "address", treatment: "mask" },
  ip_hash: { kind: "ip_address", treatment: "hash" },
};

/** Values of every shape: ordinary, short, empty, without `@`, non-ASCII, IPv6, with spaces. */
const VALUES = ["Ann.Lee@Example.com", " Bob@X.org ", "not an address", "Zoë Ångström-Müller", "123", "", "+44 7700 900123", "4111 1111 1111 1111", "203.0.113.77", "2001:db8::ff00:42:8329", "12 Rue de l’Église, Paris", "日本語の名前", "x"];

let ws: TempWorkspace;
beforeEach(() => (ws = new TempWorkspace(join(process.cwd(), "test/pii/pii-catalog.ts"))));
afterEach(() => ws.remove());

describe("treatSample shows a PII value exactly as it lands", () => {
  it("masks and hashes like the landing SQL, for every kind and shape of value", async () => {
    const lines = VALUES.map((value, i) => JSON.stringify({ id: `r${i}`, ...Object.fromEntries(Object.keys(COLUMNS).map((c) => [c, value])) }));
    ws.land("treatments/a.jsonl", `${lines.join("\n")}\n`);
    expect((await ws.lakeform(["materialize", "raw/treatments"])).code).toBe(0);
    const landed = await ws.query("select * from raw.treatments order by cast(substr(id, 2) as integer)");
    expect(landed).toHaveLength(VALUES.length);
    for (const [i, value] of VALUES.entries()) {
      for (const [column, pii] of Object.entries(COLUMNS)) expect({ value, column, shown: treatSample(value, pii, KEY) }).toEqual({ value, column, shown: landed[i]?.[column] });
    }
  });

  it("never returns the clear value: e-mail text without an address is masked too", async () => {
    expect(treatSample("not an address", { kind: "email", treatment: "mask" }, KEY)).toBe("n*************");
    expect(treatSample("Ann.Lee@Example.com", { kind: "email", treatment: "mask" }, KEY)).toBe("A***@Example.com");
    expect(treatSample("1987-03-14", { kind: "date_of_birth", treatment: "drop" }, KEY)).toBe(DROPPED);
    expect(treatSample("Ann.Lee@Example.com", { kind: "email", treatment: "hash" }, undefined)).toBe(HASHED);
    expect(treatSample(" Ann.Lee@Example.com", { kind: "email", treatment: "hash" }, KEY)).toBe(treatSample("ann.lee@example.com", { kind: "email", treatment: "hash" }, KEY));
  });
});
