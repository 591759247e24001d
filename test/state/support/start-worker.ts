import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** A child process running a worker script that prints "ready", then waits for {@link Worker.go}. */
export interface Worker {
  readonly name: string;
  readonly ready: Promise<void>;
  readonly exit: Promise<{ readonly code: number | null; readonly stderr: string }>;
  go(): void;
}

/** Starts `node --import tsx <script> ...args` in the repository root; killed after `timeoutMs`. */
export function startWorker(script: string, args: readonly string[], name: string, timeoutMs: number): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("ready\n")) resolve();
    });
    void exit.then(({ code }) => reject(new Error(`Worker ${name} exited with ${code} before it was ready: ${stderr}`)));
  });
  return { name, ready, exit, go: () => child.stdin.end("go\n") };
}
