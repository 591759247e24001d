import { join } from "node:path";
import { filesAt, type FilesLocation } from "../../../runtime/storage/data-location.ts";
import { LocalObjectStore } from "../../../runtime/storage/local/local-object-store.ts";
import type { ListPage, ObjectStore } from "../../../runtime/storage/object-store.ts";

/**
 * A lake bucket as a local folder (`<root>/<bucket>/…`) whose locations are `s3://<bucket>/<key>`:
 * what an engine on EMR reads and writes, kept where the fake Spark cluster (which maps
 * `s3://bucket/key` to `<root>/bucket/key`) and the test can both reach it. Everything but
 * `locationOf` is the local store's.
 */
export class LocalLakeStore implements ObjectStore {
  readonly kind = "s3";
  readonly #local: LocalObjectStore;

  constructor(
    root: string,
    readonly bucket = "lf-test-lake",
  ) {
    this.#local = new LocalObjectStore(join(root, bucket));
  }

  locationOf(key: string): FilesLocation {
    return filesAt(`s3://${this.bucket}/${key}`);
  }

  writePathOf(key: string): Promise<string> {
    return this.#local.writePathOf(key);
  }

  commit(key: string): Promise<{ bytes: number; sha256: string }> {
    return this.#local.commit(key);
  }

  sizeOf(key: string): Promise<number | undefined> {
    return this.#local.sizeOf(key);
  }

  digestOf(key: string): Promise<{ bytes: number; sha256: string } | undefined> {
    return this.#local.digestOf(key);
  }

  modifiedAt(key: string): Promise<Date | undefined> {
    return this.#local.modifiedAt(key);
  }

  list(prefix: string, page?: ListPage): Promise<string[]> {
    return this.#local.list(prefix, page);
  }

  delete(keys: readonly string[]): Promise<void> {
    return this.#local.delete(keys);
  }
}
