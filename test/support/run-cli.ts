import { main } from "../../runtime/cli.ts";

/**
 * Runs `lakeform` in-process with the environment variables `env` (the test's own by default,
 * never changed); returns the exit code and what it wrote.
 */
export async function runCli(argv: readonly string[], cwd = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (text) => (stdout += text.endsWith("\n") ? text : `${text}\n`),
    stderr: (text) => (stderr += text.endsWith("\n") ? text : `${text}\n`),
    cwd,
    isTty: false,
  }, env);
  return { code, stdout, stderr };
}
