import type { CollectedResource } from "../collect/collected-resource.ts";
import { type ResourceRule, type ResourceViolation, violation } from "./resource-rule.ts";
import { at, isRecord } from "./resource-props.ts";

/** The Pulumi type of an EMR cluster. */
export const EMR_CLUSTER = "aws:emr/cluster:Cluster";

/** The tag the platform's IAM conditions EMR actions on (`lakeform:environment = <stack>`). */
export const EMR_ENVIRONMENT_TAG = "lakeform:environment";

function violations(resource: CollectedResource): ResourceViolation[] {
  if (resource.type !== EMR_CLUSTER) return [];
  const label = `EMR cluster "${typeof resource.props.name === "string" ? resource.props.name : resource.name}"`;
  const found: ResourceViolation[] = [];
  const tags = resource.props.tags;
  const environment = isRecord(tags) ? tags[EMR_ENVIRONMENT_TAG] : undefined;
  if (typeof environment !== "string" || environment === "") {
    found.push(violation(resource, `${label} is not tagged ${EMR_ENVIRONMENT_TAG}`, `tag it ${EMR_ENVIRONMENT_TAG}=<stack>: the platform's roles may act only on clusters of their environment, and costs are reported by it`));
  }
  const idleTimeout = at(resource.props, "autoTerminationPolicy", "idleTimeout");
  const stopsWhenDone = resource.props.keepJobFlowAliveWhenNoSteps === false;
  const stopsWhenIdle = typeof idleTimeout === "number" && idleTimeout > 0;
  if (!stopsWhenDone && !stopsWhenIdle) {
    found.push(violation(resource, `${label} never terminates by itself (keepJobFlowAliveWhenNoSteps is not false and no autoTerminationPolicy.idleTimeout)`, "set keepJobFlowAliveWhenNoSteps: false, or an autoTerminationPolicy with an idleTimeout in seconds (e.g. 600)"));
  }
  if (resource.props.terminationProtection === true) {
    found.push(violation(resource, `${label} has termination protection, so it cannot terminate itself`, "set terminationProtection: false on ephemeral clusters"));
  }
  return found;
}

/** EMR clusters added to a stack carry the environment tag and terminate on their own. */
export const emrClusterGuarded: ResourceRule = Object.freeze({
  id: "emr-cluster-tagged-auto-terminating",
  description: `Every EMR cluster is tagged ${EMR_ENVIRONMENT_TAG} and terminates on its own (no steps left, or an idle timeout), without termination protection; the runtime's own clusters (RunJobFlow) are checked by runJobFlowFindings.`,
  defaultLevel: "mandatory",
  clouds: ["aws"],
  kind: "resource",
  validateResource: violations,
} as const);
