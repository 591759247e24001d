/** Where each run keeps its step scripts and audit results, in the artifacts bucket. */
export const RUN_ARTIFACTS_PREFIX = "runs/";

/** Where EMR clusters write their logs (`LogUri`), in the logs bucket. */
export const EMR_LOG_PREFIX = "emr/";
