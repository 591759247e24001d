/**
 * The account id of one of the platform's service accounts: `lf-prod-runtime`,
 * `lf-prod-scheduler` (6–30 lowercase letters, digits and dashes; a prefix has at most 20).
 */
export function serviceAccountId(prefix: string, purpose: "runtime" | "scheduler"): string {
  const id = `${prefix}-${purpose}`;
  return id.length >= 6 ? id : `${id}-sa`;
}

/** A user-managed service account's email: `lf-prod-runtime@acme-data-prod.iam.gserviceaccount.com`. */
export function serviceAccountEmail(accountId: string, projectId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}

/** The IAM members of the platform's service accounts, known before they exist. */
export function platformMembers(prefix: string, projectId: string): { readonly runtime: string; readonly scheduler: string } {
  return {
    runtime: `serviceAccount:${serviceAccountEmail(serviceAccountId(prefix, "runtime"), projectId)}`,
    scheduler: `serviceAccount:${serviceAccountEmail(serviceAccountId(prefix, "scheduler"), projectId)}`,
  };
}
