import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { LakeformError } from "../../runtime/core/errors.ts";
import { environmentOf, lakeformValues, type Environment } from "./environment.ts";

/** A stack file that is missing or not YAML; the message names the file and the fix. */
export class StackFileError extends LakeformError {
  override name = "StackFileError";
}

/** Pulumi's stack names: letters, digits, `-`, `_` and `.` (never a path). */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readYaml(path: string, shown: string, fix: string): unknown {
  try {
    return parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new StackFileError(`${shown} cannot be read: ${reason.replace(/:$/, "")}. Fix: ${fix}.`, { cause: error });
  }
}

/**
 * The defaults of the project file (`Pulumi.yaml`'s `config:`), namespaced as Pulumi does: a key
 * without a namespace belongs to the project. Pulumi applies them under every stack's own values.
 */
function projectDefaults(projectDir: string): Record<string, unknown> {
  const path = join(projectDir, "Pulumi.yaml");
  if (!existsSync(path)) return {};
  const project = readYaml(path, "Pulumi.yaml", "correct its YAML");
  if (!isRecord(project) || !isRecord(project.config)) return {};
  const name = typeof project.name === "string" ? project.name : "";
  const defaults: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(project.config)) {
    const value = isRecord(spec) ? spec.default : spec;
    if (value !== undefined) defaults[key.includes(":") ? key : `${name}:${key}`] = value;
  }
  return defaults;
}

/** The stacks with a `Pulumi.<stack>.yaml` in `projectDir`, sorted. */
export function stacksIn(projectDir: string): string[] {
  return readdirSync(projectDir)
    .flatMap((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1] ?? [])
    .sort();
}

/**
 * Reads a stack's configuration the way `pulumi up` would — `Pulumi.<stack>.yaml` in
 * `projectDir`, over the defaults of `Pulumi.yaml` — and validates its `lakeform:*` values into
 * the stack's {@link Environment}, without a Pulumi engine. YAML values keep their structure
 * (consumers, lifecycle, emr stay objects).
 *
 * @throws StackFileError when the stack file is missing or not YAML, naming it and the fix.
 * @throws StackConfigError listing every invalid or missing `lakeform:*` value.
 * @example readStackFile(process.cwd(), "prod").region // "eu-west-1"
 */
export function readStackFile(projectDir: string, stack: string): Environment {
  if (!STACK_NAME.test(stack)) {
    throw new StackFileError(`Stack "${stack}" is not a stack name. Fix: use letters, digits, "-", "_" and "." (e.g. --stack prod).`);
  }
  const file = `Pulumi.${stack}.yaml`;
  const path = join(projectDir, file);
  if (!existsSync(path)) {
    const known = existsSync(projectDir) ? stacksIn(projectDir) : [];
    const found = known.length === 0 ? "no stack files there" : `stacks there: ${known.join(", ")}`;
    throw new StackFileError(
      `Stack "${stack}": ${file} does not exist in ${projectDir} (${found}). Fix: run lakeform plan in the project directory (where Pulumi.yaml is) with an existing --stack, or create the stack (pulumi stack init ${stack}; pulumi config set lakeform:region eu-west-1; …).`,
    );
  }
  const document = readYaml(path, file, `correct its YAML (a \`config:\` map of "lakeform:<key>: value")`);
  if (document !== null && document !== undefined && !isRecord(document)) {
    throw new StackFileError(`${file} is not a map of settings. Fix: write it as \`config:\` followed by indented "lakeform:<key>: value" lines.`);
  }
  const config = document?.config ?? {};
  if (!isRecord(config)) throw new StackFileError(`${file}: its config is not a map. Fix: write \`config:\` followed by indented "lakeform:<key>: value" lines.`);
  return environmentOf(stack, lakeformValues({ ...projectDefaults(projectDir), ...config }));
}
