import { describe, expect, it } from "vitest";
import { resourceFindings } from "../../../policies/resources/resource-rules.ts";
import { resource, T } from "./fixtures.ts";

const glueTable = resource(T.glueTable, "catalog-clean-customers", {
  name: "customers",
  databaseName: "lf_test_clean",
  storageDescriptor: {
    columns: [
      { name: "customer_id", type: "bigint", comment: "Primary key" },
      { name: "email", type: "string", comment: "Contact address [PII email, hashed]" },
      { name: "phone", type: "string", comment: "[PII phone, masked]" },
    ],
  },
  partitionKeys: [{ name: "dt", type: "string" }],
});

const columnTags = (columnNames: string[], value = "true", table = "customers") =>
  resource(T.lfTags, `access-clean-customers-column-tags-${value}`, { tableWithColumns: { databaseName: "lf_test_clean", name: table, columnNames }, lfTags: [{ key: "pii", value }] });

describe("pii-columns-tagged on Glue: every column marked [PII …] carries the LF-tag pii=true", () => {
  it("accepts a table whose PII columns are tagged pii=true", () => {
    expect(resourceFindings([glueTable, columnTags(["email", "phone"]), columnTags(["customer_id", "dt"], "false")])).toEqual([]);
  });

  it("names the table and each PII column without the tag", () => {
    const findings = resourceFindings([glueTable, columnTags(["email"]), columnTags(["phone"], "false")]);
    expect(findings).toEqual([
      {
        rule: "pii-columns-tagged",
        level: "mandatory",
        message: 'Glue table "lf_test_clean.customers" has personal data in phone without the LF-tag pii=true',
        fix: "assign the LF-tag pii=true to those columns (aws.lakeformation.ResourceLfTags with tableWithColumns), so Lake Formation grants by tag never expose them",
        resource: { type: T.glueTable, name: "catalog-clean-customers" },
      },
    ]);
  });

  it("does not count tags on another table's columns of the same names", () => {
    expect(resourceFindings([glueTable, columnTags(["email", "phone"], "true", "orders")]).map((f) => f.message)).toEqual(['Glue table "lf_test_clean.customers" has personal data in email, phone without the LF-tag pii=true']);
  });
});

describe("pii-columns-tagged on BigQuery: every field marked [PII …] has a policy tag", () => {
  const schema = (policyTags: unknown) => JSON.stringify([
    { name: "customer_id", type: "INTEGER", mode: "REQUIRED" },
    { name: "contact", type: "RECORD", mode: "NULLABLE", fields: [{ name: "email", type: "STRING", mode: "NULLABLE", description: "[PII email, hashed]", ...(policyTags === undefined ? {} : { policyTags }) }] },
  ]);
  const table = (policyTags: unknown) => resource(T.bigQueryTable, "warehouse-clean-customers", { datasetId: "lf_gtest_clean", tableId: "customers", schema: schema(policyTags) });

  it("accepts a tagged field, nested ones included", () => {
    expect(resourceFindings([table({ names: ["projects/acme/locations/eu/taxonomies/1/policyTags/email"] })])).toEqual([]);
  });

  it("names the field's path when it has no policy tag", () => {
    expect(resourceFindings([table(undefined)]).map((f) => [f.rule, f.message])).toEqual([["pii-columns-tagged", 'BigQuery table "lf_gtest_clean.customers" has personal data in contact.email without a policy tag']]);
  });
});
