/** A label value BigQuery accepts: lowercase letters, digits, `_` and `-`, at most 63 characters. */
export function labelValue(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]+/g, "_").slice(0, 63);
}

/** The labels on every job of an asset (billing reports group by them): environment, asset, engine job and attempt. */
export function jobLabels(environment: string, asset: string, jobId?: string, attempt?: number): Record<string, string> {
  return {
    lakeform_env: labelValue(environment),
    lakeform_asset: labelValue(asset),
    ...(jobId === undefined ? {} : { lakeform_job: labelValue(jobId) }),
    ...(attempt === undefined ? {} : { lakeform_attempt: String(attempt) }),
  };
}
