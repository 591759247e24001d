import { LakeformError } from "../core/errors.ts";

/** A wrong command line; exits with code 2 and the message. */
export class UsageError extends LakeformError {
  override name = "UsageError";
}

/** The catalog could not be loaded; exits with code 3 and the message. */
export class CatalogLoadError extends LakeformError {
  override name = "CatalogLoadError";
}
