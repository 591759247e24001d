import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { ArtifactStore } from "../../../runtime/engines/emr/artifact-store.ts";
import { localPathOfS3 } from "./local-s3-paths.ts";

/**
 * The artifacts bucket as a local folder (`<root>/<bucket>/…`), located by `s3://` URIs: what the
 * fake Spark cluster reads step scripts from and writes JSON results to, over the same root
 * (the S3 implementation is tested against s3rver).
 */
export class LocalArtifacts implements ArtifactStore {
  constructor(
    readonly root: string,
    readonly bucket = "lf-test-artifacts",
  ) {}

  uriOf(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  async put(key: string, text: string): Promise<void> {
    const path = localPathOfS3(this.root, this.uriOf(key));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }

  async get(key: string): Promise<string | undefined> {
    return readFile(localPathOfS3(this.root, this.uriOf(key)), "utf8").catch(() => undefined);
  }

  async list(prefix: string): Promise<string[]> {
    const bucketRoot = join(this.root, this.bucket);
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else keys.push(relative(bucketRoot, path).split(sep).join("/"));
      }
    };
    await walk(bucketRoot);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }
}
