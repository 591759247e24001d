import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where a declaration was written. The stack is captured cheaply at declaration time and
 * parsed only when a message needs it.
 */
export class DeclarationSite {
  readonly #trace: Error;
  #location: string | undefined | null = null;

  private constructor(trace: Error) {
    this.#trace = trace;
  }

  /**
   * @internal Captures the caller of the declaring factory.
   * @param frames how many stack frames to keep: enough to reach past the factory's own frames
   *   (frames inside runtime/core/declare are skipped when the site is located).
   */
  static capture(frames = 3): DeclarationSite {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = frames;
    const trace = new Error();
    Error.stackTraceLimit = limit;
    return new DeclarationSite(trace);
  }

  /** `assets/clean/orders.ts:14`, relative to the working directory, or undefined if unknown. */
  get location(): string | undefined {
    if (this.#location === null) this.#location = locate(this.#trace.stack ?? "");
    return this.#location;
  }
}

const FRAME = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):\d+\)?\s*$/;

function locate(stack: string): string | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const match = FRAME.exec(line);
    if (match?.[1] === undefined) continue;
    const file = match[1].startsWith("file://") ? fileURLToPath(match[1]) : match[1];
    if (/[/\\]runtime[/\\]core[/\\]declare[/\\]/.test(file) || file.includes("node_modules")) continue;
    return `${relative(process.cwd(), file)}:${match[2]}`;
  }
  return undefined;
}
