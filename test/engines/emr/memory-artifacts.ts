import type { ArtifactStore } from "../../../runtime/engines/emr/artifact-store.ts";

/** An artifacts bucket in memory (the S3 implementation is tested against s3rver). */
export class MemoryArtifacts implements ArtifactStore {
  readonly objects = new Map<string, string>();
  uriOf(key: string): string {
    return `s3://lf-test-artifacts-1/${key}`;
  }
  async put(key: string, text: string): Promise<void> {
    this.objects.set(key, text);
  }
  async get(key: string): Promise<string | undefined> {
    return this.objects.get(key);
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  /** What a Spark `INSERT OVERWRITE DIRECTORY … USING json` leaves: part files of JSON lines and `_SUCCESS`. */
  writeJson(folder: string, rows: readonly Record<string, unknown>[]): void {
    this.objects.set(`${folder}_SUCCESS`, "");
    this.objects.set(`${folder}part-00000-1b2c.c000.json`, rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length > 0 ? "\n" : ""));
  }
}
