// Item history (B-U4): the last actions on each item per sync user — time, direction, what was done, rule and
// reason, outcome — kept after the item is deleted or unlinked, and found by LN key, email or Exchange id.
import type { LinkKind } from './link-store-port';

export type HistoryDirection = 'to-exchange' | 'to-ln' | 'both' | 'link';

export interface HistoryEntry {
  at: string;
  kind: LinkKind;
  lnKey?: string;
  exchangeId?: string;
  email?: string;
  name?: string;
  direction: HistoryDirection;
  /** What was done, in words ("created in Exchange", "updated", "unlinked"). */
  action: string;
  /** The planner's reason, starting with its rule id. */
  reason: string;
  outcome: 'done' | 'failed';
  error?: string;
}

export interface ItemHistory {
  user: string;
  kind: LinkKind;
  lnKey?: string;
  exchangeId?: string;
  email?: string;
  name?: string;
  /** Newest first, at most HISTORY_KEPT. */
  entries: HistoryEntry[];
}

export const HISTORY_KEPT = 20;

export interface ItemHistoryStore {
  /** Adds one run's entries of one user (newest last in the list). */
  record(user: string, entries: HistoryEntry[]): Promise<void>;
  /** Items of the user matching an LN key, an Exchange id or an email (any case). */
  find(user: string, id: string): Promise<ItemHistory[]>;
}
