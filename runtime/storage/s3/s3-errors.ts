import { LakeformError } from "../../core/errors.ts";
import { formatProblem } from "../../core/problem.ts";
import { s3Uri } from "./s3-uri.ts";

/** What was being done when S3 failed: named in the message. */
export interface S3Operation {
  readonly bucket: string;
  /** The object key (with the store's prefix); undefined for operations on the bucket. */
  readonly key?: string;
  /** What the store was doing, e.g. `upload`, `list`, `delete`. */
  readonly action: string;
  /** The endpoint in use: AWS's own, or a custom URL. */
  readonly endpoint: string;
}

/** Thrown by the S3 object store: the bucket and key, what went wrong, and the fix. */
export class S3StoreError extends LakeformError {
  override name = "S3StoreError";
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const DENIED = new Set(["AccessDenied", "AllAccessDisabled", "AccountProblem", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired"]);

interface SdkFailure {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly Code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
  readonly cause?: unknown;
}

/** The network error code (`ECONNREFUSED`, …) of `error` or its causes, if any. */
function networkCode(error: unknown): string | undefined {
  for (let e = error as SdkFailure | undefined, depth = 0; e !== undefined && e !== null && depth < 5; e = e.cause as SdkFailure | undefined, depth += 1) {
    if (typeof e.code === "string" && UNREACHABLE.has(e.code)) return e.code;
    if (e.name === "TimeoutError" || e.name === "RequestTimeout") return "timeout";
    const errors = (e as { errors?: unknown }).errors; // AggregateError of a dual-stack connect
    if (Array.isArray(errors)) for (const inner of errors) if (networkCode(inner) !== undefined) return networkCode(inner);
  }
  return undefined;
}

/**
 * The error to show for `error`, met while doing `at`: no credentials, no such bucket, access
 * denied, an unreachable endpoint, or else S3's own words — each with the object's URI and the fix.
 */
export function s3StoreError(error: unknown, at: S3Operation): S3StoreError {
  if (error instanceof S3StoreError) return error;
  const e = (error ?? {}) as SdkFailure;
  const name = e.name ?? e.Code ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  // A HEAD request's error has no body: the SDK can only say "UnknownError" and the HTTP status.
  const said = name === "Unknown" || e.message === "UnknownError" ? `HTTP ${status ?? "error"} without details` : `${name}: ${(e.message ?? String(error)).split("\n")[0]}`;
  const target = at.key === undefined ? `S3 bucket "${at.bucket}"` : `S3 object ${s3Uri(at.bucket, at.key)}`;
  const attempts = e.$metadata?.attempts;
  const tries = attempts === undefined || attempts <= 1 ? "" : ` after ${attempts} attempts`;
  const problem = (message: string, fix: string) => new S3StoreError(formatProblem({ message: `${target}: ${message}`, fix }), { cause: error });

  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(said)) {
    return problem(`could not ${at.action}: no AWS credentials were found (${said})`, "give the runtime credentials — an IAM role (instance profile, ECS task role), AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }
  if (/Region is missing/i.test(said)) {
    return problem(`could not ${at.action}: no AWS region is set`, "set AWS_REGION to the bucket's region, e.g. eu-west-1");
  }
  if (name === "NoSuchBucket") {
    return new S3StoreError(formatProblem({ message: `S3 bucket "${at.bucket}" does not exist at ${at.endpoint} (while trying to ${at.action})`, fix: "create it (`pulumi up` creates the stack's buckets), or set LAKEFORM_S3_BUCKET to an existing bucket" }), { cause: error });
  }
  if (DENIED.has(name) || status === 403) {
    return problem(`access denied to ${at.action} (${said})`, `grant the runtime's role s3:GetObject, s3:PutObject, s3:DeleteObject on arn:aws:s3:::${at.bucket}/* and s3:ListBucket on arn:aws:s3:::${at.bucket}, and check that its credentials are current`);
  }
  const network = networkCode(error);
  if (network !== undefined) {
    return problem(`could not ${at.action}: the endpoint ${at.endpoint} cannot be reached (${network})${tries}`, "check the network and the endpoint (LAKEFORM_S3_ENDPOINT, or AWS_REGION for AWS's own), then run again");
  }
  return problem(`could not ${at.action}${tries}: ${said}`, "run again; if it persists, check the bucket's region and policy");
}
