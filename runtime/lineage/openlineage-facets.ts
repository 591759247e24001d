import type { ColumnSpec, ColumnType } from "../core/declare/column.ts";
import type { AssetNode } from "../core/graph/asset-node.ts";
import type { CheckResultRecord, ProfileRecord } from "../state/records.ts";
import type { ColumnLineage } from "./column-lineage.ts";

/** The OpenLineage specification version Lakeform's events follow. */
export const OPENLINEAGE_SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

/** Who produced the events. */
export const PRODUCER = "https://github.com/lakeform/lakeform";

/** A facet: its producer and schema, then its own fields. */
export type Facet = { readonly _producer: string; readonly _schemaURL: string } & Readonly<Record<string, unknown>>;

const SCHEMAS = {
  schema: "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
  documentation: "1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet",
  ownership: "1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet",
  tags: "1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet",
  columnLineage: "1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
  dataQualityAssertions: "1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet",
  dataQualityMetrics: "1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet",
  outputStatistics: "1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
  sql: "1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet",
  jobType: "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
  jobOwnership: "1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet",
  nominalTime: "1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet",
  parent: "1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
  errorMessage: "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
} as const;

/** The facet names Lakeform emits, each with its schema. */
export type FacetName = keyof typeof SCHEMAS;

/** A facet named `name` with `fields`. */
export function facet(name: FacetName, fields: Readonly<Record<string, unknown>>): Facet {
  return { _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${SCHEMAS[name]}`, ...fields };
}

function typeName(type: ColumnType): string {
  return type.kind === "decimal" ? `decimal(${type.precision},${type.scale})` : type.kind;
}

/** The `schema` facet: declared columns in order, with types and descriptions (PII marked). */
export function schemaFacet(columns: Readonly<Record<string, ColumnSpec>>): Facet {
  return facet("schema", {
    fields: Object.entries(columns).map(([name, column], i) => {
      const description = [column.description, column.pii === undefined ? undefined : `PII (${column.pii.kind})`].filter((d) => d !== undefined).join(" — ");
      return { name, type: typeName(column.type), ordinal_position: i + 1, ...(description === "" ? {} : { description }) };
    }),
  });
}

/** The dataset facets every mention of an asset carries: schema, documentation, ownership, tags. */
export function datasetFacets(node: AssetNode): Record<string, Facet> {
  const facets: Record<string, Facet> = { schema: schemaFacet(node.columns) };
  if (node.description !== undefined) facets.documentation = facet("documentation", { description: node.description, contentType: "text/plain" });
  if (node.owners.length > 0) facets.ownership = facet("ownership", { owners: node.owners.map((name) => ({ name, type: name.includes("@") ? "email" : "team" })) });
  const piiColumns = Object.entries(node.columns).filter(([, c]) => c.pii !== undefined);
  const tags = [...node.tags.map((key) => ({ key, value: "true", source: "lakeform" })), ...piiColumns.map(([field, c]) => ({ key: "pii", value: c.pii?.kind ?? "pii", source: "lakeform", field }))];
  if (tags.length > 0) facets.tags = facet("tags", { tags });
  return facets;
}

/** The `columnLineage` facet. */
export function columnLineageFacet(fields: ColumnLineage): Facet {
  return facet("columnLineage", { fields });
}

/** The `dataQualityAssertions` facet: each check's verdict (warnings pass). */
export function assertionsFacet(checks: readonly Pick<CheckResultRecord, "check" | "status">[], columnOf: (check: string) => string | undefined): Facet {
  return facet("dataQualityAssertions", {
    assertions: checks.map((c) => {
      const column = columnOf(c.check);
      return { assertion: c.check, success: c.status === "pass" || c.status === "warn", ...(column === undefined ? {} : { column }) };
    }),
  });
}

/** The `dataQualityMetrics` facet of a profile: rows, and per column nulls, distinct values, min, max, quantiles. */
export function metricsFacet(profile: ProfileRecord, bytes: number | undefined, fileCount: number | undefined): Facet {
  const columnMetrics: Record<string, Record<string, unknown>> = {};
  for (const c of profile.columns) {
    const numeric = (v: number | string | null) => (typeof v === "number" ? v : undefined);
    const min = numeric(c.min);
    const max = numeric(c.max);
    const q = c.quantiles;
    columnMetrics[c.name] = {
      nullCount: c.nulls,
      ...(c.distinct === null ? {} : { distinctCount: c.distinct }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(q === null || q.length !== 3 ? {} : { quantiles: { "0.25": q[0], "0.5": q[1], "0.75": q[2] } }),
    };
  }
  return facet("dataQualityMetrics", { rowCount: profile.rows, ...(bytes === undefined ? {} : { bytes }), ...(fileCount === undefined ? {} : { fileCount }), columnMetrics });
}
