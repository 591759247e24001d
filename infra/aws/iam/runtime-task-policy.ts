import type { PlatformPlan } from "../../plan/platform-plan.ts";
import type { AwsAccount } from "../aws-account.ts";
import { computeAccesses, everyAssetPrefix, rolePrefix } from "./compute-access.ts";
import { taggedForEnvironment, taggingForEnvironment } from "./emr-tag-condition.ts";
import { GLUE_PUBLISH, glueStatement } from "./glue-access.ts";
import { EMR_LOG_PREFIX, RUN_ARTIFACTS_PREFIX } from "./platform-prefixes.ts";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document.ts";
import { kmsUseStatement, s3PrefixStatements } from "./s3-access.ts";

/** The ARNs a compute policy refers to, once they are known. */
export interface ComputeArns {
  readonly keyArn: string;
  readonly emrServiceRoleArn: string;
  readonly emrInstanceRoleArn: string;
}

/** Managing the EMR clusters of this environment: steps, state, termination. */
export const EMR_MANAGE = [
  "elasticmapreduce:DescribeCluster",
  "elasticmapreduce:AddJobFlowSteps",
  "elasticmapreduce:DescribeStep",
  "elasticmapreduce:ListSteps",
  "elasticmapreduce:CancelSteps",
  "elasticmapreduce:ListInstanceFleets",
  "elasticmapreduce:TerminateJobFlows",
];

/**
 * The runtime's task role (`lakeform tick`): the data of the assets it computes itself (DuckDB:
 * their reads and writes), every asset's own prefix (it expires partitions past retention and
 * publishes what cloud engines wrote), run artifacts and EMR logs, the data key, publishing in
 * this environment's Glue databases; when any asset runs on EMR, launching clusters only when
 * tagged for this environment, managing only clusters so tagged, and passing only the EMR roles.
 */
export function runtimeTaskPolicy(plan: Pick<PlatformPlan, "compute" | "buckets" | "databases" | "environment">, account: AwsAccount, arns: ComputeArns): PolicyDocument {
  const statements: PolicyStatement[] = [
    ...s3PrefixStatements("Data", [
      ...computeAccesses(plan, ["duckdb"], account),
      ...everyAssetPrefix(plan, account),
      rolePrefix(plan, "artifacts", RUN_ARTIFACTS_PREFIX, "write", account),
      rolePrefix(plan, "logs", EMR_LOG_PREFIX, "read", account),
    ], account),
    kmsUseStatement(arns.keyArn),
    glueStatement("Catalog", GLUE_PUBLISH, plan, account),
  ];
  if (plan.compute.some((c) => c.engine === "emr")) {
    const clusters = `arn:${account.partition}:elasticmapreduce:${account.region}:${account.accountId}:cluster/*`;
    const environment = plan.environment.name;
    statements.push(
      { Sid: "LaunchTaggedClusters", Effect: "Allow", Action: ["elasticmapreduce:RunJobFlow", "elasticmapreduce:AddTags"], Resource: [clusters], Condition: taggingForEnvironment(environment) },
      { Sid: "ManageTaggedClusters", Effect: "Allow", Action: EMR_MANAGE, Resource: [clusters], Condition: taggedForEnvironment(environment) },
      {
        Sid: "PassEmrRoles",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [arns.emrServiceRoleArn, arns.emrInstanceRoleArn],
        Condition: { StringEquals: { "iam:PassedToService": ["elasticmapreduce.amazonaws.com", "ec2.amazonaws.com"] } },
      },
    );
  }
  return policyDocument(statements);
}
