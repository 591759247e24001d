import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { treatSample } from "../../runtime/core/pii/treat-sample.ts";
import { WebhookRecorder } from "../support/webhook-recorder.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";

const CATALOG = join(process.cwd(), "test/pii/pii-catalog.ts");
const KEY = Buffer.from("test-pii-key-0123456789");
const HEADER = "customer_id,email,full_name,phone,birth_date,ip,amount";

/** Three customers; every PII value is distinctive, so finding any part of it means it leaked. */
const PEOPLE = [
  { email: "Zelda.Quartz@Example.org", name: "Quillon Marbleworth", phone: "+44 7700 900123", born: "1987-03-14", ip: "203.0.113.77" },
  { email: "Yara.Pemberton@Example.net", name: "Ottoline Brackwater", phone: "+1 555 0199 777", born: "1990-11-02", ip: "198.51.100.23" },
  { email: "Wilhelmina.Oxtoby@Example.com", name: "Percival Thistlewood", phone: "+33 6 12 34 56 78", born: "1975-06-30", ip: "192.0.2.211" },
] as const;
/** A column no one declared, holding a passport number: it lands nowhere and is named, not quoted. */
const PASSPORT = "K4X9Q2Z7P";

/** What must never be found, in any case: each clear value and its telling parts. */
const NEEDLES = [
  ...PEOPLE.flatMap((p) => [p.email, p.email.split("@")[0] ?? "", p.name, ...p.name.split(" "), p.phone, p.phone.slice(0, -4), p.born, p.ip]),
  PASSPORT,
].map((n) => n.toLowerCase());

const row = (p: (typeof PEOPLE)[number], id: string, amount: string) => `${id},${p.email},${p.name},${p.phone},${p.born},${p.ip},${amount}`;
const [zelda, yara, wilhelmina] = PEOPLE;
const jsonl = (p: (typeof PEOPLE)[number], id: string, amount: string) => JSON.stringify({ customer_id: id, email: p.email, full_name: p.name, phone: p.phone, birth_date: p.born, ip: p.ip, amount });

/** Every file under the workspace's `.lakeform/`, as text: raw bytes, and Parquet files' rows too. */
async function workspaceText(root: string): Promise<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(root, ".lakeform"));
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const texts: string[] = [];
  for (const file of files) {
    texts.push(readFileSync(file).toString("latin1"), readFileSync(file).toString("utf8"));
    if (file.endsWith(".parquet")) {
      const rows = (await connection.runAndReadAll(`select * from read_parquet('${file.replace(/'/g, "''")}')`)).getRowObjectsJson();
      texts.push(JSON.stringify(rows));
    }
  }
  connection.closeSync();
  expect(files.some((f) => f.endsWith("state.db"))).toBe(true);
  expect(files.some((f) => f.endsWith(".parquet"))).toBe(true);
  return texts.join("\n");
}

/** The needles found in `text` (case-insensitive), with a little context for the failure message. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return NEEDLES.filter((n) => lower.includes(n)).map((n) => `${n} in …${text.slice(Math.max(0, lower.indexOf(n) - 60), lower.indexOf(n) + 60)}…`);
}

let ws: TempWorkspace;
const output: string[] = [];
const hook = new WebhookRecorder();
beforeAll(() => hook.start());
afterAll(() => hook.stop());
beforeEach(() => {
  ws = new TempWorkspace(CATALOG);
  output.length = 0;
  hook.clear();
});
afterEach(() => ws.remove());

/** Runs lakeform and keeps everything it printed for the final scan. */
async function lakeform(argv: readonly string[], env: Record<string, string | undefined> = {}) {
  const result = await ws.lakeform(argv, env);
  output.push(result.stdout, result.stderr);
  return result;
}

/** The reason of the newest run of `asset`, from `history --json`. */
async function lastReason(asset: string): Promise<string> {
  const history = JSON.parse((await lakeform(["history", asset, "--json"])).stdout) as { reason: string | null }[];
  return history[0]?.reason ?? "";
}

/** Every read command, in text and JSON, about every asset: whatever they print is scanned. */
async function readEverything(): Promise<void> {
  for (const asset of ["raw/customers", "raw/customer_events", "clean/customers"]) {
    for (const json of [[], ["--json"]]) {
      await lakeform(["history", asset, ...json]);
      await lakeform(["checks", asset, ...json]);
      await lakeform(["why", asset, ...json]);
      await lakeform(["profile", asset, ...json]);
    }
  }
  await lakeform(["status"]);
  await lakeform(["status", "--json"]);
}

describe("PII is never stored or printed in clear, whatever echoes landed data", () => {
  it("rejected and unconvertible lines, failing checks, drift, --json and logs", async () => {
    // A CSV line with a field too many: rejected by the parser, and not quoted (its fields shifted).
    ws.land("customers/a.csv", `${HEADER}\n${row(zelda, "c1", "12.50")}\n${row(yara, "c2", "3.00")},EXTRA\n`);
    expect((await lakeform(["materialize", "raw/customers", "--json"])).code).toBe(1);
    expect(await lastReason("raw/customers")).toBe(
      'Asset "raw/customers": landing file customers/a.csv line 3: Expected Number of Columns: 7 Found: 8 (the line is not shown: the asset holds PII). Fix: correct or remove that line; nothing was ingested.',
    );
    // A CSV line rejected whole (invalid UTF-8 in a plain field) but splitting into the header's
    // fields: quoted with each PII value in its declared form.
    writeFileSync(join(ws.landing, "customers/a.csv"), Buffer.concat([Buffer.from(`${HEADER}\n${row(zelda, "c1", "12.50")}\nc`), Buffer.from([0xff]), Buffer.from(`2,${yara.email},${yara.name},${yara.phone},${yara.born},${yara.ip},3.00\n`)]));
    expect((await lakeform(["materialize", "raw/customers", "--json"])).code).toBe(1);
    const quoted = await lastReason("raw/customers");
    expect(quoted).toContain(`,${treatSample(yara.email, { kind: "email", treatment: "hash" }, KEY).slice(0, 40)}`);
    expect(quoted).toContain(`,O******************,*********** 777,<dropped>,`);

    // A value that does not convert, in a row full of PII: only that value is quoted.
    ws.land("customers/a.csv", `${HEADER}\n${row(zelda, "c1", "12.50")}\n${row(wilhelmina, "c3", "7.125")}\n`);
    expect((await lakeform(["materialize", "raw/customers"])).code).toBe(1);
    expect(await lastReason("raw/customers")).toMatch(/^Asset "raw\/customers": landing file customers\/a\.csv line 3, column "amount": "7\.125" does not fit DECIMAL\(10,2\)/);

    // A file without its header: the first record would be taken for field names.
    ws.land("customers/a.csv", `${row(zelda, "c1", "12.50")}\n${row(yara, "c2", "3.00")}\n`);
    expect((await lakeform(["materialize", "raw/customers"])).code).toBe(1);
    expect(await lastReason("raw/customers")).toContain("(the file has 7 undeclared fields (not shown: the asset holds PII))");

    // JSON lines that do not parse (JSON.parse quotes them in its reason), and a value that does not convert.
    ws.land("customer_events/a.jsonl", `${jsonl(zelda, "e1", "1")}\n{"customer_id":"e2","email": ${yara.email},"full_name":"${yara.name}"}\n`);
    expect((await lakeform(["materialize", "raw/customer_events", "--json"])).code).toBe(1);
    expect(await lastReason("raw/customer_events")).toBe(
      'Asset "raw/customer_events": landing file customer_events/a.jsonl: line 2 is not valid JSON (Unexpected token) (the line is not shown: the asset holds PII). Fix: fix or remove that line; nothing was ingested.',
    );
    ws.land("customer_events/a.jsonl", `${jsonl(zelda, "e1", "1")}\n${jsonl(yara, "e2", "2").slice(0, -1)}\n`);
    expect((await lakeform(["materialize", "raw/customer_events"])).code).toBe(1);
    ws.land("customer_events/a.jsonl", `${jsonl(zelda, "e1", "1")}\n${jsonl(wilhelmina, "e3", "1.555")}\n`);
    expect((await lakeform(["materialize", "raw/customer_events"])).code).toBe(1);
    expect(await lastReason("raw/customer_events")).toMatch(/line 2, column "amount": "1\.555" does not fit/);

    // Failing checks sample rows with PII columns (hashed, masked; dropped ones absent), with drift.
    ws.land("customers/a.csv", `${HEADER},passport\n${row(zelda, "c1", "-12.50")},${PASSPORT}\n${row(yara, "c2", "3.00")},${PASSPORT}\n`);
    expect((await lakeform(["materialize", "raw/customers", "--json"])).code).toBe(1);
    const blocked = JSON.parse((await lakeform(["checks", "raw/customers", "--json"])).stdout) as unknown;
    expect(JSON.stringify(blocked)).toContain(treatSample(zelda.email, { kind: "email", treatment: "hash" }, KEY));
    expect(JSON.stringify(blocked)).toContain("unexpected passport");
    ws.land("customers/a.csv", `${HEADER},passport\n${row(zelda, "c1", "150.00")},${PASSPORT}\n${row(yara, "c2", "3.00")},${PASSPORT}\n${row(wilhelmina, "c3", "4.00")},${PASSPORT}\n${row(zelda, "c4", "5.00")},${PASSPORT}\n`);
    ws.land("customer_events/a.jsonl", `${jsonl(zelda, "e1", "1")}\n${jsonl(yara, "e2", "2")}\n`);
    await lakeform(["materialize", "raw/customers", "raw/customer_events", "clean/customers"]);
    const samples = JSON.parse((await lakeform(["checks", "clean/customers", "--json"])).stdout) as unknown;
    expect(JSON.stringify(samples)).toContain("Q******************");

    // Alerts: ticks whose runs fail post the reason to a webhook, and print it (no webhook).
    ws.land("customers/a.csv", `${HEADER}\n${row(zelda, "c1", "12.50")}\n${row(yara, "c2", "3.00")},EXTRA\n`);
    const hour = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
    for (const n of [1, 2]) await lakeform(["tick", "--now", hour(n), "--json"], { LAKEFORM_ALERT_WEBHOOK: hook.url() });
    expect(hook.bodies.join("\n")).toContain("raw/customers — run FAIL: run failed: Asset");
    ws.land("customer_events/a.jsonl", `${jsonl(zelda, "e1", "1")}\n{"email": ${wilhelmina.email}}\n`);
    expect((await lakeform(["tick", "--now", hour(3)])).stdout).toContain(":red_circle: raw/customer_events — run FAIL: run failed: Asset");

    await readEverything();
    expect(leaks(output.join("\n"))).toEqual([]);
    expect(leaks(hook.bodies.join("\n"))).toEqual([]);
    expect(leaks(await workspaceText(ws.root))).toEqual([]);
  }, 120_000);
});
