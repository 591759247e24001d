import { buildAssetGraph } from "lakeform";
import catalog from "../../../assets/index.ts";
import { environmentOf, type Environment } from "../../../infra/plan/environment.ts";

export const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lakeform:0.1.0";

/** The example platform's graph. */
export const exampleGraph = () => buildAssetGraph(catalog);

/** A production-like AWS stack: EMR by default, analysts without PII, a privacy team with it. */
export function prodEnvironment(overrides: Record<string, unknown> = {}): Environment {
  return environmentOf("prod", {
    region: "eu-west-1",
    prefix: "lf-prod",
    defaultEngine: "emr",
    runtimeImage: IMAGE,
    alertWebhookSecret: "lf-prod/alert-webhook",
    consumers: {
      analysts: { principal: "arn:aws:iam::123456789012:role/analysts", tiers: ["curated"] },
      privacy: { principal: "arn:aws:iam::123456789012:role/privacy-office", tiers: ["raw", "clean", "curated"], pii: true },
    },
    ...overrides,
  });
}
