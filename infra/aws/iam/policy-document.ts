/** An IAM condition block: operator → condition key → value(s). */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One statement of an IAM policy. Actions and resources are always lists, never wildcards on data. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource?: readonly string[];
  readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
  readonly Condition?: PolicyCondition;
}

/** An IAM policy document, as plain data: `JSON.stringify` it for a resource input. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** A policy document of `statements` (an empty list is not a valid policy: callers add at least one). */
export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The trust policy letting an AWS service assume a role, optionally only on behalf of this
 * account (`aws:SourceAccount`), which stops the confused-deputy problem.
 */
export function assumeRolePolicy(service: string, sourceAccount?: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "AssumedBy",
      Effect: "Allow",
      Principal: { Service: service },
      Action: ["sts:AssumeRole"],
      ...(sourceAccount === undefined ? {} : { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } }),
    },
  ]);
}
