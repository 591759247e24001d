import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readStackFile } from "../../infra/plan/read-stack-file.ts";
import type { CollectedResource } from "./collected-resource.ts";

export type { CollectedResource, ResourceKey } from "./collected-resource.ts";

/** How long one stack's program may take under mocks before the gate gives up. @default 120 s */
export const COLLECT_TIMEOUT_MS = 120_000;

const CHILD = fileURLToPath(new URL("./collect-child.ts", import.meta.url));

type ChildMessage = { readonly kind: "resources"; readonly resources: CollectedResource[] } | { readonly kind: "error"; readonly message: string };

/**
 * Runs the Pulumi program of the project in `projectDir` for `stack` (its `Pulumi.<stack>.yaml`)
 * under mocks — no Pulumi CLI, no cloud, no credentials — and returns every resource it would
 * create with its inputs, sorted by type then name. Provider functions answer with a placeholder
 * AWS account (123456789012) and the GCP project of the stack.
 *
 * Each call runs the program in a child process of its own (`node --import tsx`): Pulumi's mocks
 * are process-wide and a program's module runs once per process, so two stacks cannot share one.
 * A child costs Node's and the program's start-up (a few seconds), and leaves the caller's
 * process untouched.
 *
 * @throws StackFileError / StackConfigError when the stack file is missing or invalid.
 * @throws Error naming the stack when the program fails, or runs longer than `timeoutMs`.
 * @example (await collectResources(process.cwd(), "prod")).filter((r) => r.type === "aws:s3/bucket:Bucket").length // 6
 */
export async function collectResources(projectDir: string, stack: string, timeoutMs: number = COLLECT_TIMEOUT_MS): Promise<CollectedResource[]> {
  readStackFile(projectDir, stack);
  return runInChild(projectDir, stack, timeoutMs);
}

function runInChild(projectDir: string, stack: string, timeoutMs: number): Promise<CollectedResource[]> {  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [projectDir, stack], { cwd: projectDir, execArgv: ["--import", tsx], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let answer: ChildMessage | undefined;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => { stderr = (stderr + chunk.toString("utf8")).slice(-4_000); });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Stack "${stack}": its Pulumi program did not finish under mocks within ${timeoutMs / 1000} s. Fix: look for a program waiting on something the mocks never answer (run it with pulumi preview to compare).`));
    }, timeoutMs);
    child.on("message", (message: ChildMessage) => { answer = message; });
    child.on("error", (error) => { clearTimeout(timer); reject(error); });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (answer?.kind === "resources") resolve(answer.resources);
      // Lakeform's own errors already say the fix: add one only to errors without.
      else if (answer?.kind === "error") reject(new Error(`Stack "${stack}": its Pulumi program fails under mocks: ${answer.message}${answer.message.includes("Fix:") ? "" : " Fix: correct the program or the stack's configuration (pulumi preview shows the same error)."}`));
      else reject(new Error(`Stack "${stack}": the program's process exited (code ${code ?? "none"}) without resources: ${stderr.trim().split("\n").slice(-5).join(" | ")}. Fix: run the program with pulumi preview to see why.`));
    });
  });
}
