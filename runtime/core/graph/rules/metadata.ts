import type { AssetDefinition } from "../../declare/asset.ts";
import { parseByteSize } from "../../declare/byte-size.ts";
import { parseDuration } from "../../declare/duration.ts";
import type { Problem } from "../../problem.ts";
import { IDENTIFIER, toIdentifier } from "../identifiers.ts";
import { problemAt, type ValidationContext } from "../validation-context.ts";

const TEAM = /^team:[a-z][a-z0-9_-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TAG = /^[a-z][a-z0-9_-]{0,62}$/;

function* metadataProblems(definition: AssetDefinition, ownersOptional: boolean): Generator<[string, string]> {
  if (definition.owners.length === 0 && !ownersOptional) yield ["no owner", 'add owners: ["team:<name>"] or an e-mail address; alerts go to the owners'];
  for (const owner of definition.owners) {
    if (!TEAM.test(owner) && !EMAIL.test(owner)) yield [`owner "${owner}" is neither a team nor an e-mail address`, 'write "team:<name>" (lowercase) or "someone@example.com"'];
  }
  for (const tag of definition.tags) {
    if (!TAG.test(tag)) yield [`tag "${tag}" is not lower_snake_case or kebab-case`, `use "${toIdentifier(tag)}"`];
  }
  if (definition.group !== undefined && !IDENTIFIER.test(definition.group)) yield [`group "${definition.group}" is not a safe identifier`, `use "${toIdentifier(definition.group)}"`];
  const days = definition.retentionDays;
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) yield [`retentionDays ${String(days)} is not a whole number of days above 0`, "use e.g. retentionDays: 365, or leave it out to keep data forever"];
  const guard = definition.costGuard;
  if (guard?.maxBytesBilled !== undefined && parseByteSize(guard.maxBytesBilled) === undefined) {
    yield [`costGuard.maxBytesBilled "${String(guard.maxBytesBilled)}" is not a size`, 'write it like "50GB" or a number of bytes'];
  }
  if (guard?.maxRuntime !== undefined && !parseDuration(guard.maxRuntime)) yield [`costGuard.maxRuntime "${String(guard.maxRuntime)}" is not a duration`, 'write it like "2h"'];
  const retries = definition.retries;
  if (retries?.max !== undefined && !(Number.isInteger(retries.max) && retries.max >= 0 && retries.max <= 20)) yield [`retries.max ${String(retries.max)} is not a whole number from 0 to 20`, "use e.g. retries: { max: 3 }"];
  if (retries?.backoff !== undefined && !parseDuration(retries.backoff)) yield [`retries.backoff "${String(retries.backoff)}" is not a duration`, 'write it like "1m"'];
}

/** Owners, tags, group, retention and cost guard are well-formed. */
export function validateMetadata({ definitions, ownersOptional }: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const definition of definitions) {
    for (const problem of metadataProblems(definition, ownersOptional === true)) problems.push(problemAt(definition, ...problem));
  }
  return problems;
}
