import { existsSync } from "node:fs";
import { openStateStore } from "../state/open-state-store.ts";
import type { StateStore } from "../state/state-store.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** Thrown by the new-store hook: there is no state to read, and none is created. */
class NoState extends Error {}

/**
 * Reads the local workspace's SQLite state store (`.lakeform/<env>/state.db`) with `read`, for
 * commands that only look (`plan`, `policy check`): never a shared database, never a new store.
 * Undefined when the workspace has no state.
 */
export async function readLocalState<T>(workspace: Workspace, read: (state: StateStore) => Promise<T>): Promise<T | undefined> {
  if (!existsSync(workspace.statePath)) return undefined;
  let state;
  try {
    state = await openStateStore({
      sqlitePath: workspace.statePath,
      onNewStore: () => {
        throw new NoState();
      },
    });
  } catch (error) {
    if (error instanceof NoState) return undefined;
    throw error;
  }
  try {
    return await read(state);
  } finally {
    await state.close();
  }
}
