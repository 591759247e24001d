import type { DirtKind } from "./dirt-kinds.ts";

/** One file the demo wrote. */
export interface LandedFileSummary {
  readonly source: string;
  /** Relative to the landing directory. */
  readonly path: string;
  readonly rows: number;
  /** Its modification time: when it landed. */
  readonly landedAt: Date;
}

/** What `generateLandingData` wrote, for the demo command to print. */
export interface LandingSummary {
  readonly dir: string;
  /** The landing days, oldest first (`YYYY-MM-DD`, UTC). */
  readonly days: readonly string[];
  readonly seed: number;
  readonly files: readonly LandedFileSummary[];
  /** Rows landed per source key (`raw/orders`, …), duplicates included. */
  readonly rows: Readonly<Record<string, number>>;
  /** The business behind the rows: accounts, products, orders and sessions generated. */
  readonly entities: { readonly customers: number; readonly products: number; readonly orders: number; readonly sessions: number };
  /** Dirt injected per kind, counted in the rows, lines, events, sessions, orders, accounts or products its `DIRT_KINDS` description names. */
  readonly dirt: Readonly<Record<DirtKind, number>>;
}
