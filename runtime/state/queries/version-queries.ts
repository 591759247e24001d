import { sql, type Compilable } from "kysely";
import type { MaterialisationOutcome, MaterialisationPhase, MaterialisationRecord, NewMaterialisation, PhaseChange, PublishedVersion, RunRecord } from "../records.ts";
import { invalidValueError, materialisationNotRunningError, phaseBackwardsError, runNotRunningError, unknownMaterialisationError, unknownRunError } from "../state-errors.ts";
import { isStoredId, toCount, toDigests, toMillis } from "../stored-values.ts";
import type { VersionStore } from "../version-store.ts";
import { expirePartitions } from "./expire-partitions.ts";
import { publishVersions, type PublishItem } from "./publish-versions.ts";
import { findRun } from "./run-queries.ts";
import { toMaterialisationRecord, toPublishedVersion, toRunRecord, type MaterialisationRow } from "./row-mappers.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { StateSql } from "./state-sql.ts";

const insertMaterialisation = preparedQuery((s, v: { runId: string; asset: string; partition: string; version: string; fingerprint: string; startedAt: number }) =>
  s.db
    .insertInto("materialisations")
    .values({ run_id: v.runId, asset: v.asset, partition_key: v.partition, version: v.version, fingerprint: v.fingerprint, status: "running", started_at: v.startedAt })
    .returningAll(),
);
const lockedMaterialisation = preparedQuery((s, v: { id: number }) => s.lockRows(s.db.selectFrom("materialisations").selectAll().where("id", "=", v.id), "update"));
const finishMaterialisationRow = preparedQuery(
  (s, v: { id: number; status: string; finishedAt: number; rows: number | null; bytes: number | null; files: string; reason: string | null; timings: string }) =>
    s.db
      .updateTable("materialisations")
      .set({ status: v.status, finished_at: v.finishedAt, row_count: v.rows, byte_count: v.bytes, files: v.files, reason: v.reason, timings: v.timings })
      .where("id", "=", v.id)
      .returningAll(),
);

/** The columns a phase change sets (`phase` always, the others when the change has them). */
type PhaseColumns = {
  phase: string;
  job_id?: string;
  detached?: boolean;
  row_count?: number;
  byte_count?: number;
  files?: string;
  file_digests?: string;
  timings?: string;
};

/** The update of a phase change setting `columns`: one prepared query per set of columns (a handful: submitted, staged, audited). */
const phaseUpdates = new Map<string, (s: StateSql, values: PhaseColumns & { id: number }) => Compilable<MaterialisationRow>>();
function phaseUpdate(columns: readonly (keyof PhaseColumns)[]): (s: StateSql, values: PhaseColumns & { id: number }) => Compilable<MaterialisationRow> {
  const shape = columns.join(",");
  const known = phaseUpdates.get(shape);
  if (known !== undefined) return known;
  const update = preparedQuery((s, v: PhaseColumns & { id: number }) =>
    s.db
      .updateTable("materialisations")
      .set({
        phase: v.phase,
        // Each column the shape has, as a parameter (the values are placeholders here).
        ...(columns.includes("job_id") ? { job_id: v.job_id } : {}),
        ...(columns.includes("detached") ? { detached: v.detached } : {}),
        ...(columns.includes("row_count") ? { row_count: v.row_count } : {}),
        ...(columns.includes("byte_count") ? { byte_count: v.byte_count } : {}),
        ...(columns.includes("files") ? { files: v.files } : {}),
        ...(columns.includes("file_digests") ? { file_digests: v.file_digests } : {}),
        ...(columns.includes("timings") ? { timings: v.timings } : {}),
      })
      .where("id", "=", v.id)
      .returningAll(),
  );
  phaseUpdates.set(shape, update);
  return update;
}

const phaseOrder: readonly MaterialisationPhase[] = ["queued", "submitted", "staged", "audited"];

const outcomeStatuses: ReadonlySet<string> = new Set<MaterialisationOutcome["status"]>(["blocked", "failed", "skipped", "waiting"]);

/**
 * {@link VersionStore} over the query layer. "Newest" materialisation means the one started last
 * (highest id). Reads are single statements, so each sees one consistent snapshot (a reader never
 * sees half of a publish).
 */
export function versionQueries(s: StateSql): VersionStore {
  return {
    async startMaterialisation(m: NewMaterialisation): Promise<MaterialisationRecord> {
      const startedAt = toMillis(m.startedAt, `Asset "${m.asset}": materialisation startedAt`);
      return s.write(async (tx) => {
        // share: a concurrent finishRun or failAbandoned waits until this materialisation exists.
        const run = await findRun(s, tx, m.runId, "share");
        if (run === undefined) throw unknownRunError(m.runId);
        if (run.status !== "running") throw runNotRunningError(run, `start a materialisation of "${m.asset}"`);
        const row = await tx.first(insertMaterialisation(s, { runId: m.runId, asset: m.asset, partition: m.partition, version: m.version, fingerprint: m.fingerprint, startedAt }));
        return toMaterialisationRecord(row as MaterialisationRow);
      });
    },

    async finishMaterialisation(id: number, outcome: MaterialisationOutcome): Promise<MaterialisationRecord> {
      if (!outcomeStatuses.has(outcome.status)) throw invalidValueError(`Materialisation ${id} outcome status`, outcome.status, "blocked, failed, skipped or waiting");
      const finishedAt = toMillis(outcome.finishedAt, `Materialisation ${id} finishedAt`);
      const rows = outcome.rows === undefined ? null : toCount(outcome.rows, `Materialisation ${id} rows`);
      const bytes = outcome.bytes === undefined ? null : toCount(outcome.bytes, `Materialisation ${id} bytes`);
      if (!isStoredId(id)) throw unknownMaterialisationError(id);
      return s.write(async (tx) => {
        const current = await tx.first(lockedMaterialisation(s, { id }));
        if (current === undefined) throw unknownMaterialisationError(id);
        const m = toMaterialisationRecord(current);
        if (m.status !== "running") throw materialisationNotRunningError(m, "finished");
        const row = await tx.first(
          finishMaterialisationRow(s, {
            id,
            status: outcome.status,
            finishedAt,
            rows,
            bytes,
            files: JSON.stringify(outcome.files ?? []),
            reason: outcome.reason === undefined ? null : s.storedText(outcome.reason),
            timings: JSON.stringify(outcome.timings ?? {}),
          }),
        );
        return toMaterialisationRecord(row as MaterialisationRow);
      });
    },

    async recordPhase(id: number, change: PhaseChange): Promise<MaterialisationRecord> {
      if (!phaseOrder.includes(change.phase) || (change.phase as string) === "queued") throw invalidValueError(`Materialisation ${id} phase`, change.phase, "submitted, staged or audited");
      if (!isStoredId(id)) throw unknownMaterialisationError(id);
      const rows = change.rows === undefined ? undefined : toCount(change.rows, `Materialisation ${id} rows`);
      const bytes = change.bytes === undefined ? undefined : toCount(change.bytes, `Materialisation ${id} bytes`);
      const digests = change.digests === undefined ? undefined : toDigests(change.digests, `Materialisation ${id} file`);
      return s.write(async (tx) => {
        const current = await tx.first(lockedMaterialisation(s, { id }));
        if (current === undefined) throw unknownMaterialisationError(id);
        const m = toMaterialisationRecord(current);
        if (m.status !== "running") throw materialisationNotRunningError(m, `moved on to ${change.phase}`);
        if (phaseOrder.indexOf(change.phase) < phaseOrder.indexOf(m.phase)) throw phaseBackwardsError(m, change.phase);
        const set: PhaseColumns = {
          phase: change.phase,
          ...(change.jobId === undefined ? {} : { job_id: change.jobId }),
          ...(change.detached === undefined ? {} : { detached: change.detached }),
          ...(rows === undefined ? {} : { row_count: rows }),
          ...(bytes === undefined ? {} : { byte_count: bytes }),
          ...(change.files === undefined ? {} : { files: JSON.stringify(change.files) }),
          ...(digests === undefined ? {} : { file_digests: JSON.stringify(digests) }),
          ...(change.timings === undefined ? {} : { timings: JSON.stringify(change.timings) }),
        };
        const row = await tx.first(phaseUpdate(Object.keys(set) as (keyof PhaseColumns)[])(s, { ...set, id }));
        return toMaterialisationRecord(row as MaterialisationRow);
      });
    },

    async inFlightMaterialisations(): Promise<MaterialisationRecord[]> {
      return (await s.rows(s.db.selectFrom("materialisations").selectAll().where("status", "=", "running").where("detached", "=", true).orderBy("id"))).map(toMaterialisationRecord);
    },

    async materialisationsOfRun(runId: string): Promise<MaterialisationRecord[]> {
      return (await s.rows(s.db.selectFrom("materialisations").selectAll().where("run_id", "=", runId).orderBy("id"))).map(toMaterialisationRecord);
    },

    async publish(items: readonly PublishItem[], at: Date): Promise<void> {
      const publishedAt = toMillis(at, "Publish time");
      const checked = items.map((item) => ({
        ...item,
        rows: toCount(item.rows, `Materialisation ${item.id} rows`),
        bytes: toCount(item.bytes, `Materialisation ${item.id} bytes`),
        digests: toDigests(item.digests, `Materialisation ${item.id} file`),
      }));
      await s.write((tx) => publishVersions(s, tx, checked, publishedAt));
    },

    async publishedVersions(asset: string, partitions?: readonly string[]): Promise<PublishedVersion[]> {
      const query = s.db
        .selectFrom("published as p")
        .innerJoin("materialisations as m", "m.id", "p.materialisation_id")
        .selectAll("m")
        .where("p.asset", "=", asset)
        .orderBy("p.partition_key");
      return (await s.rows(partitions === undefined ? query : query.where("p.partition_key", "in", s.list(partitions, "text")))).map(toPublishedVersion);
    },

    expirePartitions: (asset, partitions, at, reason) => expirePartitions(s, asset, partitions, at, reason),

    async materialisationHistory(asset: string, options: { readonly limit?: number; readonly partition?: string } = {}): Promise<MaterialisationRecord[]> {
      const limit = options.limit === undefined ? undefined : toCount(options.limit, "materialisationHistory limit");
      let query = s.db.selectFrom("materialisations").selectAll().where("asset", "=", asset).orderBy("id", "desc");
      if (options.partition !== undefined) query = query.where("partition_key", "=", options.partition);
      return (await s.rows(limit === undefined ? query : query.limit(limit))).map(toMaterialisationRecord);
    },

    async latestMaterialisations(assets: readonly string[]): Promise<Map<string, MaterialisationRecord>> {
      // One index lookup per asset (its greatest id), however long its history.
      const rows = await s.rows(
        s.db
          .selectFrom(sql<{ asset: string }>`(SELECT DISTINCT value AS asset FROM ${s.list(assets, "text")} listed)`.as("a"))
          .innerJoin("materialisations as m", (join) =>
            join.on((eb) => eb("m.id", "=", eb.selectFrom("materialisations as n").select((n) => n.fn.max("n.id").as("newest")).whereRef("n.asset", "=", "a.asset"))),
          )
          .selectAll("m"),
      );
      return new Map(rows.map((row) => [row.asset, toMaterialisationRecord(row)]));
    },

    /**
     * Row counts of published versions of `asset` (status `published` or `superseded`), as the
     * baseline for volume anomaly checks:
     * - partitioned assets: one entry per partition, its most recently published version, newest
     *   (greatest) partition first;
     * - the unpartitioned partition `""`: every published version is its own entry, newest first
     *   (after any named partitions, should an asset have both).
     *
     * `excludePartition` leaves that partition out entirely, so pass it only for partitioned
     * assets (excluding `""` leaves an unpartitioned asset with no baseline). At most `limit` entries.
     */
    async publishedRowCounts(asset: string, options: { readonly limit: number; readonly excludePartition?: string }): Promise<{ partition: string; rows: number; publishedAt: Date }[]> {
      const limit = toCount(options.limit, "publishedRowCounts limit");
      let versions = s.db
        .selectFrom("materialisations")
        .select(["id", "partition_key", "row_count", "published_at"])
        .select(sql<number>`row_number() OVER (PARTITION BY partition_key ORDER BY published_at DESC, id DESC)`.as("newest"))
        .where("asset", "=", asset)
        .where("status", "in", ["published", "superseded"]);
      if (options.excludePartition !== undefined) versions = versions.where("partition_key", "<>", options.excludePartition);
      const rows = await s.rows(
        s.db
          .selectFrom(versions.as("versions"))
          .select(["partition_key", "row_count", "published_at"])
          .where((eb) => eb.or([eb("newest", "=", 1), eb("partition_key", "=", "")]))
          .orderBy("partition_key", "desc")
          .orderBy("published_at", "desc")
          .orderBy("id", "desc")
          .limit(limit),
      );
      return rows.map((row) => ({ partition: row.partition_key, rows: row.row_count ?? 0, publishedAt: new Date(row.published_at as number) }));
    },

    async failAbandoned(isAlive: (run: RunRecord) => boolean, at: Date): Promise<MaterialisationRecord[]> {
      const finishedAt = toMillis(at, "failAbandoned time");
      return s.write(async (tx) => {
        const running = (await tx.rows(s.lockRows(s.db.selectFrom("runs").selectAll().where("status", "=", "running").orderBy("started_at").orderBy("id"), "update"))).map(toRunRecord);
        const failed: MaterialisationRow[] = [];
        for (const run of running.filter((r) => !isAlive(r))) {
          const reason = `abandoned: the process running it died (run ${run.id}, pid ${run.pid})`;
          failed.push(
            ...(await tx.rows(
              s.db
                .updateTable("materialisations")
                .set({ status: "failed", finished_at: finishedAt, reason })
                .where("run_id", "=", run.id)
                .where("status", "=", "running")
                .where("detached", "=", false)
                .returningAll(),
            )),
          );
          // Detached jobs carry the run on: the tick that finishes the last of them finishes it.
          const carried = await tx.first(s.db.selectFrom("materialisations").select("id").where("run_id", "=", run.id).where("status", "=", "running").limit(1));
          if (carried === undefined) await tx.run(s.db.updateTable("runs").set({ status: "failed", finished_at: finishedAt }).where("id", "=", run.id));
        }
        return failed.sort((a, b) => a.id - b.id).map(toMaterialisationRecord);
      });
    },
  };
}
