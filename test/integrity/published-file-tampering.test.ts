import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_CATALOG, eventsCsv, TempWorkspace } from "../support/temp-workspace.ts";

/** The one published data file of an asset's partition directory (the workspace keeps only published ones here). */
function parquetUnder(dir: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".parquet"));
  expect(files).toHaveLength(1);
  return join(files[0]?.parentPath ?? "", files[0]?.name ?? "");
}

/** Overwrites `path` with other valid Parquet: the same columns, altered numbers and more rows, so another size. */
async function overwriteWithOtherParquet(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const scratch = `${path}.tampered`;
    await connection.run(`copy (select event_id, user_email, phone, amount * 1000 as amount, occurred_at from read_parquet('${path}') union all select 'e' || i, 'x', null, 1, timestamp '2024-01-05 12:00:00' from range(200) t(i)) to '${scratch}' (format parquet)`);
    copyFileSync(scratch, path);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const rows = [
  ["e1", "ann@example.com", "", "10.50", "2024-01-05T10:00:00Z"],
  ["e2", "bob@example.com", "", "4.50", "2024-01-05T11:00:00Z"],
];

async function publishedWorkspace(): Promise<TempWorkspace> {
  const ws = new TempWorkspace(EVENTS_CATALOG);
  ws.land("events/a.csv", eventsCsv(rows));
  ws.land("clicks/a.jsonl", '{"click_id":"k1","page":"/","clicked_at":"2024-01-05T10:00:00Z"}\n');
  const run = await ws.lakeform(["materialize", "raw/*", "--partition", "2024-01-05"]);
  expect(run.code, run.stderr + run.stdout).toBe(0);
  return ws;
}

describe("a published file overwritten with other Parquet of another size", () => {
  let ws: TempWorkspace;
  let file: string;
  let publishedBytes: number;
  let key: string;

  beforeAll(async () => {
    ws = await publishedWorkspace();
    const tier = join(ws.root, ".lakeform", "dev");
    file = parquetUnder(join(tier, "raw", "events"));
    key = file.slice(tier.length + 1);
    publishedBytes = statSync(file).size;
    await overwriteWithOtherParquet(file);
    expect(statSync(file).size).not.toBe(publishedBytes);
  });
  afterAll(() => ws.remove());

  it("fails a run that reads it, naming the asset, partition, file, both sizes and the fix", async () => {
    const { code, stdout, stderr } = await ws.lakeform(["materialize", "clean/events", "--partition", "2024-01-05"]);
    expect(code).toBe(1);
    const message = `Asset "raw/events": partition 2024-01-05 (version `;
    expect(stdout + stderr).toContain(message);
    expect(stdout + stderr).toContain(`is damaged: file ${key} is ${statSync(file).size} bytes, but ${publishedBytes} were published; it was changed after it was published. Fix: run \`lakeform verify\` to list every damaged version, then \`lakeform materialize raw/events --partition 2024-01-05\` to rebuild it.`);
    expect(await ws.query("select count(*)::int as n from clean.events").catch((e: Error) => e.message)).toMatch(/does not exist|has no published data/);
  });

  it("is listed by `verify`, which exits 1", async () => {
    const { code, stdout } = await ws.lakeform(["verify"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^✗ raw/events partition 2024-01-05 \\(version v-[^)]+\\): file ${key.replaceAll(".", "\\.")} is \\d+ bytes, but ${publishedBytes} were published\\. Fix: rebuild it with \`lakeform materialize raw/events --partition 2024-01-05\`\\.$`, "m"));
    expect(stdout).toContain("Checked 2 files of 2 published versions: 1 damaged version.");
    expect(stdout).not.toContain("raw/clicks");
    const json = await ws.lakeform(["verify", "raw/events", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      checked: { versions: 1, files: 1, unrecorded: 0 },
      damagedVersions: 1,
      damaged: [{ asset: "raw/events", partition: "2024-01-05", file: key, problem: "size", expected: { bytes: publishedBytes }, actual: { bytes: statSync(file).size } }],
    });
    expect((await ws.lakeform(["verify", "raw/clicks"])).code).toBe(0);
  });

  it("is shown by `status`", async () => {
    const { code, stdout } = await ws.lakeform(["status"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`✗ raw/events: damaged published partition 2024-01-05: file ${key} is ${statSync(file).size} bytes, but ${publishedBytes} were published. Fix: run \`lakeform verify\`, then rebuild with \`lakeform materialize raw/events --partition 2024-01-05\`.`);
    expect(stdout).not.toContain("✗ raw/clicks");
    const json = JSON.parse((await ws.lakeform(["status", "--json"])).stdout) as { key: string; damaged: { partition: string; problem: string }[] }[];
    expect(json.map((r) => [r.key, r.damaged.map((d) => `${d.partition}:${d.problem}`)])).toContainEqual(["raw/events", ["2024-01-05:size"]]);
    expect(json.find((r) => r.key === "raw/clicks")?.damaged).toEqual([]);
  });

  it("is left out of `query`, which names it and serves the other assets", async () => {
    const { code, stdout, stderr } = await ws.lakeform(["query", "select click_id from raw.clicks", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ click_id: "k1" }]);
    expect(stderr).toContain(`! "raw/events" is left out of the query: its published data cannot be read (file ${key} is ${statSync(file).size} bytes, but ${publishedBytes} were published). Fix: run \`lakeform verify\`, then rebuild it with \`lakeform materialize raw/events --partition 2024-01-05\`.`);
    expect((await ws.lakeform(["query", "select * from raw.events"])).code).toBe(1);
  });

  it("is repaired by rebuilding the partition, after which everything matches again", async () => {
    expect((await ws.lakeform(["materialize", "raw/events", "--partition", "2024-01-05"])).code).toBe(0);
    const verify = await ws.lakeform(["verify"]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain("all match what was published.");
    expect(await ws.query("select sum(amount)::double as total from raw.events")).toEqual([{ total: 15 }]);
  });
});

describe("a published file changed without changing its size", () => {
  it("passes the size check of readers and `status`, and is caught by the checksum of `verify`", async () => {
    const ws = await publishedWorkspace();
    try {
      const tier = join(ws.root, ".lakeform", "dev");
      const file = parquetUnder(join(tier, "raw", "clicks"));
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      writeFileSync(file, bytes);
      const status = await ws.lakeform(["status"]);
      expect(status.stdout).not.toContain("✗");
      const { code, stdout } = await ws.lakeform(["verify"]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^✗ raw\/clicks \(version v-[^)]+\): file raw\/clicks\/v-[^ ]+\.parquet has SHA-256 [0-9a-f]{64}, but [0-9a-f]{64} was published \(same size, other content\)\. Fix: rebuild it with `lakeform materialize raw\/clicks`\.$/m);
      expect(stdout).toContain("1 damaged version.");
    } finally {
      ws.remove();
    }
  });
});

describe("a published file deleted", () => {
  it("fails a run that reads it and is listed by `verify` as missing", async () => {
    const ws = await publishedWorkspace();
    try {
      const tier = join(ws.root, ".lakeform", "dev");
      const file = parquetUnder(join(tier, "raw", "events"));
      rmSync(file);
      const run = await ws.lakeform(["materialize", "clean/events", "--partition", "2024-01-05"]);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toContain(`is damaged: file ${file.slice(tier.length + 1)} is missing; it was changed after it was published.`);
      const { code, stdout } = await ws.lakeform(["verify"]);
      expect(code).toBe(1);
      expect(stdout).toContain(`file ${file.slice(tier.length + 1)} is missing. Fix: rebuild it with \`lakeform materialize raw/events --partition 2024-01-05\`.`);
    } finally {
      ws.remove();
    }
  });
});

describe("an untouched workspace", () => {
  it("verifies: every published file matches, exit 0", async () => {
    const ws = await publishedWorkspace();
    try {
      expect((await ws.lakeform(["materialize", "clean/events", "--partition", "2024-01-05"])).code).toBe(0);
      const { code, stdout } = await ws.lakeform(["verify"]);
      expect(code).toBe(0);
      expect(stdout.trim()).toBe("Checked 3 files of 3 published versions: all match what was published.");
      expect(existsSync(join(ws.root, ".lakeform", "dev", "clean", "events"))).toBe(true);
      expect((await ws.lakeform(["status"])).stdout).not.toContain("✗");
    } finally {
      ws.remove();
    }
  });
});
