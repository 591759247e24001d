import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "./run-cli.ts";

/** A throwaway project directory with a landing directory, for materialisation tests. */
export class TempWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), "lakeform-test-"));
  readonly landing = join(this.root, "landing");

  constructor(readonly catalog: string) {
    mkdirSync(this.landing, { recursive: true });
  }

  /** Writes a landing file (relative path), optionally with the time it landed. */
  land(path: string, content: string, landedAt?: Date): void {
    const file = join(this.landing, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (landedAt !== undefined) utimesSync(file, landedAt, landedAt);
  }

  /**
   * Runs `lakeform` in this workspace with the test catalog and a PII key, unless `env` says
   * otherwise (`undefined` unsets a variable). The variables go to `main`; `process.env` is
   * left alone.
   */
  async lakeform(argv: readonly string[], env: Record<string, string | undefined> = {}) {
    const variables = { ...process.env, LAKEFORM_LANDING_DIR: this.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789", LAKEFORM_DUCKDB_MEMORY: "512MB", ...env };
    return runCli([...argv, "--catalog", this.catalog], this.root, variables);
  }

  /** Runs `lakeform tick --now <now> --json` and returns its parsed report (as the caller types it). */
  async tick<T>(now: string, env: Record<string, string | undefined> = {}): Promise<T> {
    const { stdout, stderr } = await this.lakeform(["tick", "--now", now, "--json"], env);
    try {
      return JSON.parse(stdout) as T;
    } catch {
      throw new Error(`tick at ${now} printed no JSON: ${stderr}${stdout}`);
    }
  }

  /** Rows of a query over the published assets. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const { code, stdout, stderr } = await this.lakeform(["query", sql, "--json"]);
    if (code !== 0) throw new Error(`query failed (${code}): ${stderr}${stdout}`);
    return JSON.parse(stdout) as Record<string, unknown>[];
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const EVENTS_CATALOG = join(process.cwd(), "test/fixtures/catalogs/events.ts");

/** CSV of events: `[event_id, email, phone, amount, at]` rows. */
export function eventsCsv(rows: readonly (readonly string[])[]): string {
  return ["event_id,user_email,phone,amount,occurred_at", ...rows.map((r) => r.join(","))].join("\n") + "\n";
}
