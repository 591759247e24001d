import type { AssetRule } from "./asset-rule.ts";
import { assetHasOwner } from "./rules/asset-has-owner.ts";
import { cloudCostGuard } from "./rules/cloud-cost-guard.ts";
import { curatedFreshnessAndBlockingCheck } from "./rules/curated-freshness-and-blocking-check.ts";
import { namingConventions } from "./rules/naming-conventions.ts";
import { noClearTextPii } from "./rules/no-clear-text-pii.ts";
import { noUpwardReads } from "./rules/no-upward-reads.ts";
import { piiGrants } from "./rules/pii-grants.ts";
import { piiHasTreatment } from "./rules/pii-has-treatment.ts";
import { piiRetention } from "./rules/pii-retention.ts";
import { sqlCheckExplicitColumns } from "./rules/sql-check-explicit-columns.ts";
import { undeclaredPii } from "./rules/undeclared-pii.ts";

/** Every asset rule, in the order `lakeform policy list` documents them. */
export const ASSET_RULES: readonly AssetRule[] = Object.freeze([
  assetHasOwner,
  piiHasTreatment,
  noClearTextPii,
  undeclaredPii,
  piiRetention,
  piiGrants,
  curatedFreshnessAndBlockingCheck,
  noUpwardReads,
  sqlCheckExplicitColumns,
  cloudCostGuard,
  namingConventions,
]);
