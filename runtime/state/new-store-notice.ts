/**
 * What a state store tells its opener when it holds no state yet, before it creates any: where
 * it is and in what condition. The opener may throw to refuse, and then nothing is created.
 */
export interface NewStoreNotice {
  /** The SQLite file, or the PostgreSQL URL (password hidden) and schema. */
  readonly location: string;
  readonly condition: "is missing" | "is empty" | "has no Lakeform tables";
  /** Where an unreadable store was moved before this new one was started, if it was. */
  readonly replaced?: string;
}

/** Called by a state store that holds no state, before it creates its schema; may throw to refuse. */
export type OnNewStore = (notice: NewStoreNotice) => void;
