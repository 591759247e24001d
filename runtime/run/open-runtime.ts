import { join } from "node:path";
import { DuckDBEngine } from "../engines/duckdb/duckdb-engine.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { RuntimeConfig } from "../config/runtime-config.ts";
import type { NewStoreNotice } from "../state/new-store-notice.ts";
import { openStateStore } from "../state/open-state-store.ts";
import { stateStoreWithoutStateError } from "../state/state-errors.ts";
import { openObjectStore } from "../storage/open-object-store.ts";
import { cloudServices } from "./cloud-services.ts";
import { isRemoteLanding, remoteLanding } from "./remote-landing.ts";
import { firstDataFile } from "../workspace/first-data-file.ts";
import { ensureWorkspace, type Workspace } from "../workspace/workspace.ts";
import type { RunServices } from "./run-services.ts";
import type { SchedulerStore } from "../state/scheduler-store.ts";

/** Run services that own their resources. */
export interface OpenRuntime extends RunServices {
  readonly state: SchedulerStore;
  readonly workspace: Workspace;
  close(): Promise<void>;
}

/** Options of {@link openRuntime}. */
export interface OpenRuntimeOptions {
  /**
   * `--reinitialise`: start a new, empty state store where the existing one is missing, empty or
   * unreadable although the workspace holds data files (an unreadable SQLite file is moved aside).
   * @default false: such a store is refused with its path and the fix
   */
  readonly reinitialise?: boolean;
  /** Where to say what `reinitialise` did. @default nowhere */
  readonly notify?: (message: string) => void;
  /** The process environment: where secrets a declaration names (`env("APP_DATABASE_URL")`) are read. @default none */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

function reinitialisedMessage(notice: NewStoreNotice, workspace: Workspace, dataFile: string): string {
  const moved = notice.replaced === undefined ? "" : ` The unreadable store was moved to ${notice.replaced}.`;
  return `Started a new, empty state store at ${notice.location} (--reinitialise).${moved} The data files already in ${workspace.root} (such as ${dataFile}) are no longer visible to Lakeform; they stay on disk until you delete them.`;
}

/**
 * Wires the runtime for one workspace: DuckDB, the object store (the workspace's folders, or S3
 * with `LAKEFORM_S3_BUCKET`), the state store — SQLite in the workspace, or PostgreSQL when
 * `config.state.url` (`LAKEFORM_STATE_URL`) is a postgres:// URL — and what the cloud
 * environment has besides (`cloudServices`: EMR, the Glue catalog; BigQuery). A landing in S3 or
 * GCS (`LAKEFORM_LANDING_DIR` as an `s3://` or `gs://` prefix) is mirrored into the workspace's
 * `landing-mirror/` before sources look at it (`refreshLanding`). `config.duckdbMemory` caps DuckDB's memory; `config.piiKey` hashes PII.
 *
 * A state store without state (missing, empty, no tables) or unreadable is refused when the
 * workspace holds data files — it would hide every published version — unless `reinitialise`.
 * @throws StateStoreError naming the store and the fix.
 */
export async function openRuntime(
  graph: AssetGraph,
  workspace: Workspace,
  config: RuntimeConfig,
  now: () => Date = () => new Date(),
  options: OpenRuntimeOptions = {},
): Promise<OpenRuntime> {
  // A landing in S3 or GCS is mirrored into the workspace, where sources look at it.
  const remote = isRemoteLanding(config.landingDir) ? config.landingDir : undefined;
  const here = remote === undefined ? workspace : { ...workspace, landingDir: join(workspace.root, "landing-mirror") };
  ensureWorkspace(here);
  const dataFile = firstDataFile(workspace);
  const reinitialise = options.reinitialise === true;
  let started = false;
  const state = await openStateStore({
    url: config.state.url,
    sqlitePath: workspace.statePath,
    schema: config.state.schema,
    replaceUnreadable: reinitialise,
    onNewStore: (notice) => {
      if (dataFile === undefined) {
        if (notice.replaced === undefined) return;
        started = true;
        options.notify?.(`Started a new, empty state store at ${notice.location} (--reinitialise). The unreadable store was moved to ${notice.replaced}.`);
        return;
      }
      if (!reinitialise) throw stateStoreWithoutStateError(notice, workspace.root, dataFile);
      started = true;
      options.notify?.(reinitialisedMessage(notice, workspace, dataFile));
    },
  });
  if (reinitialise && !started) options.notify?.("--reinitialise: the state store holds state (or the workspace no data files); nothing was reinitialised.");
  // With data in S3, DuckDB reads published versions there (httpfs; region and credentials from the AWS chain).
  const s3 = config.s3.bucket === undefined ? {} : { s3: { region: undefined, ...(config.s3.endpoint === undefined ? {} : { endpoint: config.s3.endpoint }) } };
  const engine = await DuckDBEngine.create({ tempDirectory: join(workspace.scratchDir, "duckdb-spill"), memoryLimit: config.duckdbMemory, profileSampleRows: config.profileSampleRows, ...s3 });
  const cloud = cloudServices(config, graph);
  const landing = remote === undefined ? undefined : remoteLanding(remote, config, here.landingDir);
  return {
    graph,
    engine,
    engines: cloud.engines,
    defaultEngine: config.defaultEngine,
    ...(cloud.catalog === undefined ? {} : { catalog: cloud.catalog }),
    ...(cloud.warehouse === undefined ? {} : { warehouse: cloud.warehouse }),
    landing: engine,
    state,
    store: openObjectStore(config, workspace),
    landingDir: here.landingDir,
    ...(landing === undefined ? {} : { refreshLanding: () => landing.refresh() }),
    piiKey: config.piiKey,
    debug: config.debug,
    now,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    workspace: here,
    async close() {
      landing?.close();
      await cloud.close();
      await engine.close();
      await state.close();
    },
  };
}
