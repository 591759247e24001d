import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** What a Pulumi program needs to run under mocks: the project's name, its entry file, and the stack's configuration. */
export interface ProgramUnderMocks {
  readonly project: string;
  /** Absolute path of the program (`Pulumi.yaml`'s `main`, `index.ts` by default). */
  readonly main: string;
  /** Namespaced keys → values as Pulumi hands them to a program: structured values as JSON text. */
  readonly config: Readonly<Record<string, string>>;
}

const asText = (value: unknown): string => (typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));

/**
 * The program of the project in `projectDir` and the configuration of `stack`
 * (`Pulumi.<stack>.yaml` over the defaults of `Pulumi.yaml`), the way `pulumi up` would give
 * them to the program. Call `readStackFile` first for the stack file's own errors.
 */
export function programUnderMocks(projectDir: string, stack: string): ProgramUnderMocks {
  const projectFile = parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as unknown;
  const project = isRecord(projectFile) ? projectFile : {};
  const name = typeof project.name === "string" ? project.name : "project";
  const defaults: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(isRecord(project.config) ? project.config : {})) {
    const value = isRecord(spec) ? spec.default : spec;
    if (value !== undefined) defaults[key.includes(":") ? key : `${name}:${key}`] = value;
  }
  const stackPath = join(projectDir, `Pulumi.${stack}.yaml`);
  const stackFile = existsSync(stackPath) ? (parse(readFileSync(stackPath, "utf8")) as unknown) : {};
  const own = isRecord(stackFile) && isRecord(stackFile.config) ? stackFile.config : {};
  const config = Object.fromEntries(Object.entries({ ...defaults, ...own }).map(([key, value]) => [key, asText(value)]));
  const main = typeof project.main === "string" ? project.main : "index.ts";
  const path = join(projectDir, main);
  return { project: name, main: existsSync(path) && statSync(path).isDirectory() ? join(path, "index.ts") : path, config };
}
