import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const DIR = "/work/shared/openlineage";
const SPEC_ID = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

type Schema = { $id: string };
const load = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Schema;

/**
 * Validates OpenLineage events against the official 2-0-2 schemas (copied unchanged into
 * /work/shared/openlineage): the event against `#/$defs/RunEvent`, and every facet against the
 * schema its `_schemaURL` names (the core schema does not check facet contents).
 */
export function openLineageValidator(): { problems(event: unknown): string[]; facetSchemas: readonly string[] } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(load(join(DIR, "OpenLineage.json")));
  const facetSchemas: string[] = [];
  for (const file of readdirSync(join(DIR, "facets"))) {
    const schema = load(join(DIR, "facets", file));
    ajv.addSchema(schema);
    facetSchemas.push(schema.$id);
  }
  const runEvent = ajv.getSchema(`${SPEC_ID}#/$defs/RunEvent`);
  if (runEvent === undefined) throw new Error("RunEvent schema not found");
  const check = (schemaUrl: string, value: unknown, where: string): string[] => {
    const validate = ajv.getSchema(schemaUrl);
    if (validate === undefined) return [`${where}: no schema ${schemaUrl}`];
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ""} (${schemaUrl})`);
  };
  const facetsOf = (facets: unknown, where: string): string[] =>
    Object.entries((facets ?? {}) as Record<string, { _schemaURL?: string }>).flatMap(([name, f]) => check(f._schemaURL ?? "", f, `${where}.${name}`));
  return {
    facetSchemas,
    problems(event) {
      const e = event as { run: { facets?: unknown }; job: { facets?: unknown }; inputs?: { facets?: unknown; inputFacets?: unknown }[]; outputs?: { facets?: unknown; outputFacets?: unknown }[] };
      const problems = runEvent(event) ? [] : (runEvent.errors ?? []).map((x) => `event${x.instancePath} ${x.message ?? ""}`);
      problems.push(...facetsOf(e.run.facets, "run.facets"), ...facetsOf(e.job.facets, "job.facets"));
      (e.inputs ?? []).forEach((i, n) => problems.push(...facetsOf(i.facets, `inputs[${n}].facets`), ...facetsOf(i.inputFacets, `inputs[${n}].inputFacets`)));
      (e.outputs ?? []).forEach((o, n) => problems.push(...facetsOf(o.facets, `outputs[${n}].facets`), ...facetsOf(o.outputFacets, `outputs[${n}].outputFacets`)));
      return problems;
    },
  };
}
