import type { AlertLevel } from "./records.ts";

/** The level of each alertable condition, so that alerts go out once per change of state. */
export interface AlertStore {
  alertLevels(): Promise<Map<string, AlertLevel>>;
  setAlertLevels(levels: ReadonlyMap<string, AlertLevel>, at: Date): Promise<void>;
}
