import { LakeformError } from "../core/errors.ts";
import { formatProblem, type Problem } from "../core/problem.ts";
import type { NewStoreNotice } from "./new-store-notice.ts";
import type { MaterialisationRecord, RunRecord } from "./records.ts";

/**
 * Thrown by a state store when a call breaks the lifecycle of runs and materialisations (for
 * example publishing a materialisation that is not running) or passes invalid values. Every
 * backend throws the same errors, so callers and tests do not depend on the backend.
 */
export class StateStoreError extends LakeformError {
  override name = "StateStoreError";
}

function stateError(problem: Problem): StateStoreError {
  return new StateStoreError(formatProblem(problem));
}

function subject(m: MaterialisationRecord): string {
  return m.partition === "" ? `materialisation ${m.id}` : `materialisation ${m.id} of partition "${m.partition}"`;
}

/** `createRun` with an id that is already taken. */
export function runExistsError(runId: string): StateStoreError {
  return stateError({ message: `Run "${runId}" already exists in the state store`, fix: "give every run a unique id" });
}

/** A call naming a run the store does not know. */
export function unknownRunError(runId: string): StateStoreError {
  return stateError({ message: `Run "${runId}" is not in the state store`, fix: "create it with createRun first" });
}

/** A call that needs a `running` run, e.g. finishing it or starting a materialisation in it. */
export function runNotRunningError(run: RunRecord, action: string): StateStoreError {
  return stateError({ message: `Run "${run.id}" is ${run.status}, so it cannot ${action}`, fix: "start a new run" });
}

/** A call naming a materialisation id the store does not know. */
export function unknownMaterialisationError(id: number): StateStoreError {
  return stateError({ message: `Materialisation ${id} is not in the state store`, fix: "start it with startMaterialisation first" });
}

/** Finishing or publishing a materialisation that is no longer `running`. */
export function phaseBackwardsError(m: MaterialisationRecord, phase: string): StateStoreError {
  return stateError({ asset: m.asset, message: `${subject(m)} is already ${m.phase}; it cannot go back to ${phase}`, fix: "advance it to a later phase, or start a new materialisation" });
}

export function materialisationNotRunningError(m: MaterialisationRecord, verb: string): StateStoreError {
  const retry = verb === "published" ? "publish" : verb === "finished" ? "finish" : "advance";
  return stateError({
    asset: m.asset,
    message: `${subject(m)} is ${m.status}; only running materialisations can be ${verb}`,
    fix: `start a new materialisation and ${retry} that one`,
  });
}

/** A value that the store cannot keep, e.g. an invalid Date or a negative row count. */
export function invalidValueError(what: string, value: unknown, expected: string): StateStoreError {
  return stateError({ message: `${what} must be ${expected}, got ${String(value)}`, fix: `pass ${expected}` });
}

/** A state store file that is not a database (truncated, overwritten, corrupted). */
export function unreadableStateStoreError(location: string, reason: string): StateStoreError {
  return new StateStoreError(
    `The state store ${location} cannot be read: ${reason}. Fix: restore it from a backup, or run again with --reinitialise to move it aside and start a new, empty store.`,
  );
}

/**
 * A store without state (missing, empty, no tables) next to published data files: opening it
 * as new would hide every published version, so it is refused.
 */
export function stateStoreWithoutStateError(notice: NewStoreNotice, workspaceRoot: string, dataFile: string): StateStoreError {
  return new StateStoreError(
    `The state store ${notice.location} ${notice.condition}, but the workspace ${workspaceRoot} holds published data files (such as ${dataFile}); starting a new store would hide all of them. ` +
      `Fix: restore the state store from a backup${notice.location.startsWith("postgres") ? " (or point LAKEFORM_STATE_URL and LAKEFORM_STATE_SCHEMA at the store of this workspace)" : ""}, ` +
      "or run again with --reinitialise to start a new, empty store (the existing data files then stay on disk but are no longer visible).",
  );
}
