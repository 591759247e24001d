import type { AssetNode } from "../core/graph/asset-node.ts";
import { partitionKeyProblem } from "../core/partitions/partition-keys.ts";
import { stringOption, type CommandContext } from "./command.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The `--partition` option of a per-asset command, checked against the asset's partitions:
 * a key the asset cannot have is a usage error naming the expected shape, not "no results yet".
 */
export function partitionOption(context: CommandContext, node: AssetNode): string | undefined {
  const key = stringOption(context, "partition");
  if (key === undefined) return undefined;
  const problem = partitionKeyProblem(node.partitions, key);
  if (problem !== undefined) throw new UsageError(`Asset "${node.key}": partition ${problem}. Fix: pass one of its partition keys, or leave out --partition for the latest.`);
  return key;
}
