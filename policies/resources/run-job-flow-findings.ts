import type { RunJobFlowCommandInput } from "@aws-sdk/client-emr";
import type { EnforcementLevel, Finding } from "../finding.ts";
import { EMR_CLUSTER, emrClusterGuarded } from "./emr-cluster-guarded.ts";
import { findingOf, levelOf } from "./resource-rules.ts";

/** How findings on a RunJobFlow request name it: the API call, not a Pulumi type. */
export const RUN_JOB_FLOW = "RunJobFlow";

/**
 * Checks the cluster the runtime launches itself (a `RunJobFlow` request, e.g. from
 * `runJobFlowInput` of runtime/engines/emr) with the rule `emr-cluster-tagged-auto-terminating`:
 * tagged `lakeform:environment`, terminating when its steps are done or after an idle timeout,
 * no termination protection. Findings name the resource as `{ type: "RunJobFlow", name: <cluster name> }`.
 */
export function runJobFlowFindings(input: RunJobFlowCommandInput, levels: Readonly<Record<string, EnforcementLevel>> = {}): Finding[] {
  const level = levelOf(emrClusterGuarded, levels);
  if (level === "disabled" || emrClusterGuarded.kind !== "resource") return [];
  const name = input.Name ?? "unnamed";
  // The request's fields as the Pulumi resource's inputs, so both are checked by one rule.
  const props = {
    name,
    tags: Object.fromEntries((input.Tags ?? []).flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? ""]]))),
    ...(input.Instances?.KeepJobFlowAliveWhenNoSteps === undefined ? {} : { keepJobFlowAliveWhenNoSteps: input.Instances.KeepJobFlowAliveWhenNoSteps }),
    ...(input.AutoTerminationPolicy?.IdleTimeout === undefined ? {} : { autoTerminationPolicy: { idleTimeout: input.AutoTerminationPolicy.IdleTimeout } }),
    ...(input.Instances?.TerminationProtected === undefined ? {} : { terminationProtection: input.Instances.TerminationProtected }),
  };
  return emrClusterGuarded
    .validateResource({ type: EMR_CLUSTER, name, props })
    .map((v) => findingOf(emrClusterGuarded, level, { ...v, resource: { type: RUN_JOB_FLOW, name }, message: v.message.replace(/^EMR cluster/, "RunJobFlow cluster") }));
}
