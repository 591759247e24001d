import { policyDocument, type PolicyDocument } from "../iam/policy-document.ts";

/** EventBridge Scheduler's expression for every `minutes` minutes: `rate(15 minutes)`, `rate(1 minute)`. */
export function scheduleExpression(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`Scheduler: an interval of ${minutes} minutes is not a whole number of minutes. Fix: pulumi config set lakeform:schedulerInterval 15m.`);
  return `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`;
}

/**
 * The schedule's role: run only the tick task definition, only on the runtime's cluster, and
 * pass only the task's two roles to ECS.
 */
export function schedulerRolePolicy(taskDefinitionArn: string, clusterArn: string, taskRoleArns: readonly string[]): PolicyDocument {
  return policyDocument([
    { Sid: "RunTick", Effect: "Allow", Action: ["ecs:RunTask"], Resource: [taskDefinitionArn], Condition: { ArnEquals: { "ecs:cluster": clusterArn } } },
    { Sid: "PassTickRoles", Effect: "Allow", Action: ["iam:PassRole"], Resource: [...taskRoleArns], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
  ]);
}
