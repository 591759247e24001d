import { ENVIRONMENT_TAG } from "../aws-account.ts";
import type { PolicyCondition } from "./policy-document.ts";

/** Only clusters tagged for this environment (`lakeform:environment = <stack>`). */
export function taggedForEnvironment(environment: string): PolicyCondition {
  return { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environment } };
}

/** Only requests that tag what they create for this environment. */
export function taggingForEnvironment(environment: string): PolicyCondition {
  return { StringEquals: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environment } };
}
