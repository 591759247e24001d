import type { FileDropSpec } from "./file-drop.ts";
import type { HttpApiSourceSpec } from "./http-api-source.ts";
import type { PostgresSourceSpec } from "./postgres-source.ts";

/** Where a source's data comes from: files dropped into the landing directory, or a database or API extracted by Lakeform. */
export type SourceSpec = FileDropSpec | PostgresSourceSpec | HttpApiSourceSpec;
