// Runs the crash chain in the workspace argv[2] and dies (SIGKILL: no cleanup, as a machine
// stops) the moment the file of `clean/second` is durable: written and committed, not published.
import { runtimeConfigFrom } from "../../../runtime/config/runtime-config.ts";
import { executePlan } from "../../../runtime/run/execute-plan.ts";
import { planMaterialization } from "../../../runtime/run/materialization-plan.ts";
import { openRuntime } from "../../../runtime/run/open-runtime.ts";
import { silentReporter } from "../../../runtime/run/progress-reporter.ts";
import { workspaceOf } from "../../../runtime/workspace/workspace.ts";
import { crashChain } from "./crash-chain.ts";

const runtime = await openRuntime(crashChain, workspaceOf({ environment: "dev", cwd: process.argv[2] ?? "" }), runtimeConfigFrom({}));
const store = runtime.store;
const commit = store.commit.bind(store);
store.commit = async (key: string) => {
  const committed = await commit(key);
  if (key.startsWith("clean/second/")) {
    process.stdout.write(`committed ${key}\n`);
    process.kill(process.pid, "SIGKILL");
    await new Promise(() => undefined);
  }
  return committed;
};
await executePlan(runtime, planMaterialization(crashChain, "*", crashChain.keys, { kind: "latest" }, new Date()), silentReporter);
process.stdout.write("finished without crashing\n");
