import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { LakeformError } from "../core/errors.ts";
import { ensureOwnerOnlyDir } from "./owner-only.ts";

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

/** Where {@link workspaceOf} finds a workspace. */
export interface WorkspaceLocation {
  readonly environment: string;
  /** The directory relative paths start from. */
  readonly cwd: string;
  /** Where workspaces live (`LAKEFORM_HOME`), relative to `cwd`. @default ".lakeform" */
  readonly home?: string;
  /** The landing directory (`LAKEFORM_LANDING_DIR`), relative to `cwd`. @default `<workspace>/landing` */
  readonly landingDir?: string | undefined;
}

/**
 * The workspace of `environment` under `home` in `cwd`; `landingDir` moves the landing
 * directory elsewhere. Both come from the `RuntimeConfig` in the CLI.
 */
export function workspaceOf(options: WorkspaceLocation): Workspace {
  if (!ENVIRONMENT.test(options.environment)) {
    throw new LakeformError(`Environment "${options.environment}" is not a valid name. Fix: use lowercase letters, digits and dashes, e.g. --env dev.`);
  }
  const root = resolve(options.cwd, options.home ?? ".lakeform", options.environment);
  return {
    environment: options.environment,
    root,
    dataDir: root,
    landingDir: options.landingDir === undefined ? join(root, "landing") : resolve(options.cwd, options.landingDir),
    logsDir: join(root, "logs"),
    scratchDir: join(root, ".scratch"),
    statePath: join(root, "state.db"),
  };
}

function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

/**
 * Creates the workspace's directories, owner-only (0700) whatever the umask: the workspace, its
 * landing, logs and scratch folders — a landing directory elsewhere (`LAKEFORM_LANDING_DIR`) is
 * the user's and keeps its permissions. A new home folder (`.lakeform`) is made owner-only too.
 */
export function ensureWorkspace(workspace: Workspace): void {
  const home = dirname(workspace.root);
  const newHome = !existsSync(home);
  for (const dir of [workspace.root, workspace.logsDir, workspace.scratchDir]) ensureOwnerOnlyDir(dir);
  if (newHome) ensureOwnerOnlyDir(home);
  if (isInside(workspace.landingDir, workspace.root)) ensureOwnerOnlyDir(workspace.landingDir);
  else mkdirSync(workspace.landingDir, { recursive: true });
}
