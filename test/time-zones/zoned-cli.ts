import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BIN = join(process.cwd(), "runtime/bin/lakeform.mjs");

/** The host time zones every time-zone test runs under: UTC, a negative and a positive offset. */
export const HOST_ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo"] as const;

/** Where a child `lakeform` runs: its workspace, landing folder and catalog. */
export interface ZonedWorkspace {
  readonly home: string;
  readonly landing: string;
  readonly catalog: string;
}

/**
 * Runs `lakeform` in a child process whose host time zone is `tz` (a running Node process cannot
 * change its own zone reliably). Throws with the output when it exits non-zero.
 */
export async function lakeformIn(tz: string, ws: ZonedWorkspace, argv: readonly string[]): Promise<string> {
  const env = { ...process.env, TZ: tz, LAKEFORM_HOME: ws.home, LAKEFORM_LANDING_DIR: ws.landing, LAKEFORM_PII_KEY: "test-pii-key-0123456789", LAKEFORM_DUCKDB_MEMORY: "512MB" };
  try {
    const { stdout } = await run(process.execPath, [BIN, ...argv, "--catalog", ws.catalog], { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`lakeform ${argv.join(" ")} under TZ=${tz} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** Rows of `lakeform query --json` under `tz`. */
export async function queryIn(tz: string, ws: ZonedWorkspace, sql: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await lakeformIn(tz, ws, ["query", sql, "--json"])) as Record<string, unknown>[];
}
