import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { PiiKind } from "lakeform";
import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { GcpProject } from "../gcp-project.ts";
import { dataPolicyId, maskingRuleOf, piiKindsOf } from "./pii-taxonomy.ts";

/** What {@link Governance} deploys. */
export interface GovernanceArgs {
  readonly plan: PlatformPlan;
  readonly project: GcpProject;
}

/**
 * Column-level governance on BigQuery (`lakeform:gcp:Governance`): a Data Catalog taxonomy in
 * the stack's region with fine-grained access control on, one policy tag per PII kind the
 * plan's tables hold ({@link piiKindsOf}), and one data-masking policy per tag
 * ({@link maskingRuleOf}). Tagged columns are readable only by fine-grained readers of the
 * tag (clear values) and masked readers of its data policy (masked values).
 */
export class Governance extends pulumi.ComponentResource {
  readonly taxonomy: gcp.datacatalog.Taxonomy;
  readonly policyTags: ReadonlyMap<PiiKind, gcp.datacatalog.PolicyTag>;
  readonly dataPolicies: ReadonlyMap<PiiKind, gcp.bigquerydatapolicy.DataPolicy>;
  /** The policy tags' resource names by kind, once known. */
  readonly policyTagNames: pulumi.Output<Readonly<Partial<Record<PiiKind, string>>>>;

  constructor(name: string, args: GovernanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakeform:gcp:Governance", name, {}, opts);
    const { plan, project } = args;
    const environment = plan.environment;
    this.taxonomy = new gcp.datacatalog.Taxonomy(`${name}-pii`, {
      displayName: `${environment.prefix} personal data`,
      description: `Lakeform ${environment.name}: one policy tag per kind of personal data in the tables`,
      region: project.region,
      activatedPolicyTypes: ["FINE_GRAINED_ACCESS_CONTROL"],
    }, { parent: this });
    const tags = new Map<PiiKind, gcp.datacatalog.PolicyTag>();
    const policies = new Map<PiiKind, gcp.bigquerydatapolicy.DataPolicy>();
    for (const kind of piiKindsOf(plan.tables)) {
      const tag = new gcp.datacatalog.PolicyTag(`${name}-${kind}`, { taxonomy: this.taxonomy.id, displayName: kind, description: `Columns holding ${kind.replaceAll("_", " ")} data` }, { parent: this.taxonomy });
      tags.set(kind, tag);
      policies.set(kind, new gcp.bigquerydatapolicy.DataPolicy(`${name}-${kind}-masked`, {
        location: project.region,
        dataPolicyId: dataPolicyId(environment.prefix, kind),
        policyTag: tag.name,
        dataPolicyType: "DATA_MASKING_POLICY",
        dataMaskingPolicy: { predefinedExpression: maskingRuleOf(kind, plan.tables) },
      }, { parent: tag }));
    }
    this.policyTags = tags;
    this.dataPolicies = policies;
    this.policyTagNames = pulumi.all(Object.fromEntries([...tags].map(([kind, tag]) => [kind, tag.name]))) as pulumi.Output<Record<string, string>>;
    this.registerOutputs({ taxonomy: this.taxonomy.name, policyTags: this.policyTagNames });
  }
}
