import { BigQuery } from "@google-cloud/bigquery";
import { OAuth2Client } from "google-auth-library";

/** How to reach BigQuery. */
export interface BigQueryClientOptions {
  readonly project: string;
  readonly location: string;
  /** e.g. `http://127.0.0.1:9050` for a local endpoint. @default - Google's (https://bigquery.googleapis.com) */
  readonly apiEndpoint?: string;
  /** A fixed OAuth2 access token (tests, short-lived tokens from elsewhere). @default - Application Default Credentials (the Cloud Run job's service account) */
  readonly accessToken?: string;
}

/**
 * A BigQuery client for the engine: the client's own retries off (`autoRetry: false`: the engine
 * re-attaches by job id instead of inserting twice), and, with `accessToken`, an OAuth2 client
 * holding it — without one the library asks the metadata server.
 */
export function bigqueryClient(options: BigQueryClientOptions): BigQuery {
  const auth = options.accessToken === undefined ? {} : { authClient: Object.assign(new OAuth2Client(), { credentials: { access_token: options.accessToken, expiry_date: Date.now() + 3_600_000 * 24 * 365 } }) };
  return new BigQuery({ projectId: options.project, location: options.location, autoRetry: false, ...(options.apiEndpoint === undefined ? {} : { apiEndpoint: options.apiEndpoint }), ...auth });
}
