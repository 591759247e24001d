// The child process of `collectResources`: runs one stack's Pulumi program under mocks and sends
// the resources to its parent (IPC), or the error that stopped the program.
// Usage: node --import tsx collect-child.ts <projectDir> <stack>
import { runUnderMocks } from "./run-under-mocks.ts";
import { programUnderMocks } from "./stack-config.ts";

const [projectDir = ".", stack = "dev"] = process.argv.slice(2);
try {
  const resources = await runUnderMocks(programUnderMocks(projectDir, stack), stack);
  process.send?.({ kind: "resources", resources });
} catch (error) {
  process.send?.({ kind: "error", message: error instanceof Error ? error.message : String(error) });
}
process.disconnect?.();
