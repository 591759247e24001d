import type { Problem } from "../../problem.ts";
import { declaredDependencies } from "../declared-dependencies.ts";
import { didYouMean } from "../../did-you-mean.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

/** Every dependency names a declared asset; an asset does not read itself. */
export function validateDependencies({ definitions, byKey }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    for (const dependency of declaredDependencies(definition)) {
      if (dependency.key === definition.key) {
        problems.push(problemAt(definition, "it depends on itself", "remove the ref() to itself; read its previous version with a partition mapping such as timeWindow({ startOffset: -1, endOffset: -1 }) on a partitioned parent instead"));
      } else if (!byKey.has(dependency.key)) {
        const hint = didYouMean(dependency.key, byKey.keys());
        problems.push(
          problemAt(
            definition,
            `depends on "${dependency.key}", which is not declared`,
            hint ? `${hint} Otherwise declare "${dependency.key}" or add it to the catalog` : `declare "${dependency.key}" or add it to the catalog`,
          ),
        );
      }
    }
  }
  return problems;
}
