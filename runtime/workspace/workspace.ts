import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { LakeformError } from "../errors.ts";

/**
 * Where one environment of the embedded default keeps everything, under `.lakeform/<env>/`:
 * `raw/`, `clean/`, `curated/` (Parquet data), `logs/`, `landing/` (file drops), `state.db`.
 */
export interface Workspace {
  readonly environment: string;
  readonly root: string;
  /** The object store's root: tier directories live below it. */
  readonly dataDir: string;
  readonly landingDir: string;
  readonly logsDir: string;
  readonly scratchDir: string;
  readonly statePath: string;
}

const ENVIRONMENT = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The workspace of `environment` under `home` (default `.lakeform` in `cwd`, or
 * `LAKEFORM_HOME`). `LAKEFORM_LANDING_DIR` moves the landing directory elsewhere.
 */
export function workspaceOf(options: { readonly environment: string; readonly cwd: string; readonly env?: NodeJS.ProcessEnv }): Workspace {
  const env = options.env ?? process.env;
  if (!ENVIRONMENT.test(options.environment)) {
    throw new LakeformError(`Environment "${options.environment}" is not a valid name. Fix: use lowercase letters, digits and dashes, e.g. --env dev.`);
  }
  const root = resolve(options.cwd, env.LAKEFORM_HOME ?? ".lakeform", options.environment);
  return {
    environment: options.environment,
    root,
    dataDir: root,
    landingDir: env.LAKEFORM_LANDING_DIR === undefined ? join(root, "landing") : resolve(options.cwd, env.LAKEFORM_LANDING_DIR),
    logsDir: join(root, "logs"),
    scratchDir: join(root, ".scratch"),
    statePath: join(root, "state.db"),
  };
}

/** Creates the workspace's directories. */
export function ensureWorkspace(workspace: Workspace): void {
  for (const dir of [workspace.root, workspace.landingDir, workspace.logsDir, workspace.scratchDir]) mkdirSync(dir, { recursive: true });
}
