import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3ClientSettings } from "../../runtime/storage/s3/s3-store-options.ts";

/** How long s3rver may take to start before the test fails. */
const STARTUP_LIMIT_MS = 20_000;
/** How long it may take to stop before it is killed. */
const STOP_LIMIT_MS = 5_000;

/**
 * Runs s3rver in a child process: its memory is not the test's (the contract measures the store's
 * memory), and only it runs with `--openssl-legacy-provider`, which s3rver needs for paged
 * listings (its continuation tokens use DES) — the test process keeps OpenSSL's defaults.
 * The child exits when its stdin closes, so it cannot outlive a crashed test worker.
 */
const CHILD = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[2] });
server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + "\\n"), (error) => { console.error(error); process.exit(1); });
process.stdin.on("end", () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
`;

/** A real s3rver on 127.0.0.1, on a free port, over a temporary directory. */
export interface S3Server {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** Client settings that reach it: the endpoint, path style, s3rver's fixed credentials. */
  readonly client: S3ClientSettings;
  /** Creates a bucket and returns its name (`<stem>-<n>`, unique on this server). */
  createBucket(stem?: string): Promise<string>;
  /** Creates a bucket named exactly `name`. */
  createBucketNamed(name: string): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess, limitMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), limitMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts s3rver (within {@link STARTUP_LIMIT_MS}); `stop()` ends it and deletes its directory. */
export async function startS3Server(): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), "lakeform-s3rver-"));
  const s3rver = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", CHILD, s3rver, directory], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within ${STARTUP_LIMIT_MS} ms: ${stderr}`)), STARTUP_LIMIT_MS);
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}) before it listened: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    child.kill("SIGKILL");
    rmSync(directory, { recursive: true, force: true });
    throw error;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client: S3ClientSettings = { endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } };
  const admin = new S3Client({ ...client, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
  let buckets = 0;
  return {
    endpoint,
    client,
    async createBucket(stem = "lakeform-test") {
      const name = `${stem}-${++buckets}`;
      await admin.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async createBucketNamed(name: string) {
      await admin.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      admin.destroy();
      child.stdin?.end();
      if (!(await exited(child, STOP_LIMIT_MS))) {
        child.kill("SIGKILL");
        await exited(child, STOP_LIMIT_MS);
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
