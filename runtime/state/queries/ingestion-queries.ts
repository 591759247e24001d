import type { IngestionLedger } from "../ingestion-ledger.ts";
import type { LoadedFile } from "../records.ts";
import { toCount, toMillis } from "../stored-values.ts";
import { toLoadedFile } from "./row-mappers.ts";
import type { StateSql } from "./state-sql.ts";

/** {@link IngestionLedger} over the query layer. */
export function ingestionQueries(s: StateSql): IngestionLedger {
  return {
    async recordLoadedFiles(files: readonly LoadedFile[]): Promise<void> {
      const rows = files.map((f) => ({ ...f, bytes: toCount(f.bytes, `Loaded file "${f.path}" bytes`), loadedAt: toMillis(f.loadedAt, `Loaded file "${f.path}" loadedAt`) }));
      if (rows.length === 0) return;
      await s.write(async (tx) => {
        for (const f of rows) {
          await tx.run(
            s.db
              .insertInto("loaded_files")
              .values({ source: f.source, path: f.path, sha256: f.sha256, byte_count: f.bytes, batch_id: f.batchId, loaded_at: f.loadedAt })
              .onConflict((oc) => oc.columns(["source", "path", "sha256"]).doNothing()),
          );
        }
      });
    },

    /** Known files among `files`, in the order asked, each once. */
    async loadedFiles(source: string, files: readonly { readonly path: string; readonly sha256: string }[]): Promise<LoadedFile[]> {
      if (files.length === 0) return [];
      const paths = [...new Set(files.map((f) => f.path))];
      const rows = await s.rows(s.db.selectFrom("loaded_files").selectAll().where("source", "=", source).where("path", "in", s.list(paths, "text")));
      const known = new Map(rows.map((row) => [`${row.path}\u0000${row.sha256}`, row]));
      const found: LoadedFile[] = [];
      for (const f of files) {
        const key = `${f.path}\u0000${f.sha256}`;
        const row = known.get(key);
        if (row === undefined) continue;
        known.delete(key);
        found.push(toLoadedFile(row));
      }
      return found;
    },
  };
}
