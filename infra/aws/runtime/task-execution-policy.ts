import type { AwsAccount } from "../aws-account.ts";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/policy-document.ts";
import type { EcrImage } from "./ecr-image.ts";

/** ECR's token action has no resource: it is the one statement on `*`, and reads no data. */
export const ECR_TOKEN_ACTION = "ecr:GetAuthorizationToken";

/**
 * The tick task's execution role (what ECS does to start it): pull the runtime image from its
 * repository, write to the runtime's log group, read the tick's secrets and decrypt them.
 */
export function taskExecutionPolicy(account: AwsAccount, image: EcrImage, logGroupArn: string, secretArns: readonly string[], keyArn: string): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "EcrToken", Effect: "Allow", Action: [ECR_TOKEN_ACTION], Resource: ["*"] },
    { Sid: "PullImage", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: [`arn:${account.partition}:ecr:${image.region}:${image.accountId}:repository/${image.repository}`] },
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] },
    { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [...secretArns] },
    { Sid: "DecryptSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [keyArn] },
  ];
  return policyDocument(statements);
}
