/**
 * The Google APIs the platform uses, enabled by `pulumi up` (and left enabled by
 * `pulumi destroy`: other workloads of the project may use them). BigQuery and Cloud Storage
 * are on in every new project, so the service agents can be looked up before the first run.
 */
export const PROJECT_APIS: readonly string[] = Object.freeze([
  "bigquery.googleapis.com",
  "bigquerydatapolicy.googleapis.com",
  "cloudkms.googleapis.com",
  "cloudscheduler.googleapis.com",
  "compute.googleapis.com",
  "datacatalog.googleapis.com",
  "iam.googleapis.com",
  "run.googleapis.com",
  "secretmanager.googleapis.com",
  "servicenetworking.googleapis.com",
  "sqladmin.googleapis.com",
  "storage.googleapis.com",
]);
