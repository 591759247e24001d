import type { CatalogPublisher } from "../catalog/catalog-publisher.ts";
import type { EngineName } from "../core/declare/asset.ts";
import type { Engine } from "../engines/engine.ts";
import type { LandingLoader } from "../sources/file-drop/landing-loader.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { StateStore } from "../state/state-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import type { RunObserver } from "./run-observer.ts";

/** Everything a run needs, wired once by the caller (the CLI, the scheduler, a test). */
export interface RunServices {
  readonly graph: AssetGraph;
  /** The embedded engine (DuckDB): assets run here unless another configured engine is theirs; `query` always runs here. */
  readonly engine: Engine;
  /**
   * Engines beyond the embedded one, by name (EMR, BigQuery): an asset whose engine resolves to
   * one of them (`resolveEngine` with `defaultEngine`) runs there; to one not configured, on
   * `engine` — so a catalog runs unchanged on DuckDB locally. @default none
   */
  readonly engines?: Readonly<Partial<Record<EngineName, Engine>>>;
  /** The environment's engine for SQL assets without one of their own (`LAKEFORM_DEFAULT_ENGINE`). @default "duckdb" */
  readonly defaultEngine?: EngineName;
  /**
   * The engine whose warehouse holds the environment's published data (BigQuery on GCP: every
   * asset's table): versions written as files (sources, DuckDB assets) are loaded into it before
   * they are published (`Engine.loadPublished`; see `publishVersions`). @default none
   */
  readonly warehouse?: Engine;
  /** A table catalog that publishing points at each new version too (Glue); see `publishVersions`. @default none */
  readonly catalog?: CatalogPublisher;
  /** Where warnings go that must not fail a run (a catalog that could not be updated). @default stderr */
  readonly warn?: (message: string) => void;
  /** Loads sources' landing files (the embedded engine, whatever engine computes assets; see `LandingLoader`). */
  readonly landing: LandingLoader;
  readonly state: StateStore;
  readonly store: ObjectStore;
  /** Where sources' files are dropped (the local mirror of a remote landing: see `refreshLanding`). */
  readonly landingDir: string;
  /**
   * Brings a remote landing (`LAKEFORM_LANDING_DIR` as an `s3://` or `gs://` prefix) into
   * `landingDir` — new and changed objects only — before a source looks at its landing.
   * @default none: `landingDir` is the landing itself
   */
  readonly refreshLanding?: () => Promise<void>;
  /** The key that hashes PII at ingestion (`LAKEFORM_PII_KEY`). */
  readonly piiKey: Buffer | undefined;
  /** Whether failures carry the stack trace behind them (`LAKEFORM_DEBUG`). @default false */
  readonly debug?: boolean;
  /**
   * Whether jobs of engines that do not complete inline (`Engine.completesInline` false: EMR,
   * BigQuery) are left running once submitted and recorded (a tick: later ticks advance them),
   * instead of awaited to the end (`lakeform materialize`). @default false
   */
  readonly detachJobs?: boolean;
  /** The clock: injected, so runs can be replayed at any time. */
  readonly now: () => Date;
  /** The process environment, where secrets a declaration names (`env("APP_DATABASE_URL")`) are read; passed in by the CLI. @default none */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Follows runs for OpenLineage events and run logs (see `RunObserver`). @default none */
  readonly observer?: RunObserver;
  /** The scheduler tick a run executes the launches of, for observers. @default none: a run by hand */
  readonly tickId?: string;
}
