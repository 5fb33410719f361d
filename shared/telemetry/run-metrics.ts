// Metrics of what runs, webhooks and subscription upkeep did (B-O2): items written per direction and kind,
// conflicts, held deletions, run results per user, webhook notifications accepted and rejected, subscription failures.
import { instruments } from './instruments';

export interface RunFigures {
  user: string;
  scope: 'contacts' | 'calendar';
  toExchange: { created: number; updated: number; deleted: number };
  toLn: { created: number; updated: number; deleted: number };
  conflicts: unknown[];
  errors: unknown[];
  needsAttention?: string;
  heldDeletions?: number;
}

export function recordRun(run: RunFigures): void {
  const m = instruments();
  const kind = run.scope === 'contacts' ? 'contact' : 'event';
  for (const [direction, counts] of [['to-exchange', run.toExchange], ['to-ln', run.toLn]] as const) {
    for (const action of ['created', 'updated', 'deleted'] as const) {
      if (counts[action] > 0) m.itemsWritten.add(counts[action], { 'sync.direction': direction, 'sync.kind': kind, 'sync.action': action });
    }
  }
  if (run.conflicts.length > 0) m.conflicts.add(run.conflicts.length, { 'sync.scope': run.scope });
  if (run.heldDeletions) m.deletionsHeld.add(run.heldDeletions, { 'sync.scope': run.scope });
  const result = run.needsAttention ? 'attention' : run.errors.length > 0 ? 'error' : 'ok';
  m.runs.add(1, { 'sync.scope': run.scope, 'sync.result': result, 'sync.user': run.user });
}

/** One webhook request: its notifications count as accepted when answered 2xx, rejected otherwise. */
export function recordWebhook(source: 'graph' | 'ln', status: number, counts: { accepted?: number; rejected?: number } = {}): void {
  const m = instruments();
  const ok = status >= 200 && status < 300;
  const accepted = counts.accepted ?? (ok ? 1 : 0);
  const rejected = counts.rejected ?? (ok ? 0 : 1);
  if (accepted > 0) m.webhookNotifications.add(accepted, { 'sync.source': source, 'sync.result': 'accepted' });
  if (rejected > 0) m.webhookNotifications.add(rejected, { 'sync.source': source, 'sync.result': 'rejected' });
}

export function recordSubscriptionFailures(count: number): void {
  if (count > 0) instruments().subscriptionFailures.add(count);
}
