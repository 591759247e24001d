import { main } from "../../runtime/cli.ts";

/** Runs `lakeform` in-process; returns the exit code and what it wrote. */
export async function runCli(argv: readonly string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (text) => (stdout += text.endsWith("\n") ? text : `${text}\n`),
    stderr: (text) => (stderr += text.endsWith("\n") ? text : `${text}\n`),
    cwd,
    isTty: false,
  });
  return { code, stdout, stderr };
}
