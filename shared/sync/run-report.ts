// What one synchronization run did, per direction, for status and logs (B-I6).
// Built up by the executor; plain data so it can be stored and rendered as is.
import type { FieldConflict } from './field-merge';

export interface DirectionCounts {
  created: number;
  updated: number;
  deleted: number;
}

export interface ItemError {
  lnKey?: string;
  exchangeId?: string;
  action: string;
  message: string;
  transient: boolean;
}

export interface ConflictRecord extends FieldConflict {
  lnKey: string;
  exchangeId: string;
}

/** An item a safety valve kept from being deleted (B-I3), listed for the administrator (B-U3). */
export interface HeldItem {
  lnKey: string;
  exchangeId?: string;
  name?: string;
}

export interface RunReport {
  user: string;
  scope: 'contacts' | 'calendar';
  full: boolean;
  startedAt: string;
  finishedAt?: string;
  toExchange: DirectionCounts;
  toLn: DirectionCounts;
  conflicts: ConflictRecord[];
  errors: ItemError[];
  /** Mapping gaps and other things an administrator should fix; each message once. */
  warnings: string[];
  /** Set when a safety valve stopped part of the run (B-I3). */
  needsAttention?: string;
  /** Deletions the mass-deletion guard held back in this run (B-I3). */
  heldDeletions?: number;
  /** The deletions that safety valve held back. */
  held?: HeldItem[];
  /** Number of actions that wrote to either side. */
  writes: number;
}

export function newRunReport(user: string, scope: RunReport['scope'], full: boolean, startedAt: string): RunReport {
  const zero = (): DirectionCounts => ({ created: 0, updated: 0, deleted: 0 });
  return { user, scope, full, startedAt, toExchange: zero(), toLn: zero(), conflicts: [], errors: [], warnings: [], writes: 0 };
}

export function addWarning(report: RunReport, warning: string): void {
  if (!report.warnings.includes(warning)) report.warnings.push(warning);
}
