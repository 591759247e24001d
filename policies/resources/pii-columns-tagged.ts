import type { CollectedResource } from "../collect/collected-resource.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { at, isRecord, jsonOf, listOf, textAt } from "./resource-props.ts";

const GLUE_TABLE = "aws:glue/catalogTable:CatalogTable";
const LF_TAGS = "aws:lakeformation/resourceLfTags:ResourceLfTags";
const BIGQUERY_TABLE = "gcp:bigquery/table:Table";

/**
 * How Lakeform marks a column holding personal data in the catalog: `[PII <kind>, <treatment>]`
 * in the Glue column's comment (infra/aws/catalog `columnComment`), or in a BigQuery field's description.
 */
const PII_MARK = /\[PII\s/;

const isPii = (column: unknown, text: "comment" | "description"): boolean => PII_MARK.test(textAt(column, text) ?? "");
const nameOf = (column: unknown): string => textAt(column, "name") ?? "?";

/** Whether a ResourceLfTags assignment puts `pii=true` on `column` of `table` in `database`. */
function tagsPii(assignment: CollectedResource, database: string | undefined, table: string | undefined, column: string): boolean {
  const target = assignment.props.tableWithColumns;
  if (!isRecord(target) || textAt(target, "name") !== table || textAt(target, "databaseName") !== database) return false;
  if (!listOf(target.columnNames).includes(column)) return false;
  return listOf(assignment.props.lfTags).some((tag) => textAt(tag, "key") === "pii" && textAt(tag, "value") === "true");
}

function glueViolations(table: CollectedResource, resources: readonly CollectedResource[]): ResourceViolation[] {
  const name = textAt(table.props, "name");
  const database = textAt(table.props, "databaseName");
  const assignments = resources.filter((r) => r.type === LF_TAGS);
  const columns = [...listOf(at(table.props, "storageDescriptor", "columns")), ...listOf(table.props.partitionKeys)];
  const untagged = columns.filter((c) => isPii(c, "comment")).map(nameOf).filter((column) => !assignments.some((a) => tagsPii(a, database, name, column)));
  if (untagged.length === 0) return [];
  return [violation(table, `Glue table "${database ?? "?"}.${name ?? table.name}" has personal data in ${untagged.join(", ")} without the LF-tag pii=true`, "assign the LF-tag pii=true to those columns (aws.lakeformation.ResourceLfTags with tableWithColumns), so Lake Formation grants by tag never expose them")];
}

/** Every field of a BigQuery schema, nested RECORD fields included, with its dotted path. */
function fieldsOf(fields: unknown, parent = ""): { readonly path: string; readonly field: unknown }[] {
  return listOf(fields).flatMap((field) => {
    const path = `${parent}${nameOf(field)}`;
    return [{ path, field }, ...fieldsOf(at(field, "fields"), `${path}.`)];
  });
}

function bigQueryViolations(table: CollectedResource): ResourceViolation[] {
  const untagged = fieldsOf(jsonOf(table.props.schema))
    .filter(({ field }) => isPii(field, "description") && listOf(at(field, "policyTags", "names")).length === 0)
    .map(({ path }) => path);
  if (untagged.length === 0) return [];
  const id = `${textAt(table.props, "datasetId") ?? "?"}.${textAt(table.props, "tableId") ?? table.name}`;
  return [violation(table, `BigQuery table "${id}" has personal data in ${untagged.join(", ")} without a policy tag`, "add policyTags.names with the PII kind's policy tag of the platform's taxonomy to those fields of the schema, so only fine-grained readers see clear values")];
}

/** Columns holding personal data are governed by tag in the catalog. */
export const piiColumnsTagged: ResourceRule = Object.freeze({
  id: "pii-columns-tagged",
  description: "Every column marked as personal data ([PII …] in its Glue comment or BigQuery description) carries the LF-tag pii=true (Glue, Lake Formation) or a policy tag (BigQuery).",
  defaultLevel: "mandatory",
  clouds: ["aws", "gcp"],
  kind: "stack",
  validateStack: (resources: readonly CollectedResource[]) => [
    ...resources.filter((r) => r.type === GLUE_TABLE).flatMap((table) => glueViolations(table, resources)),
    ...resources.filter((r) => r.type === BIGQUERY_TABLE).flatMap(bigQueryViolations),
  ],
} as const);
