// Preview (B-U5): for a user and scope, what a synchronization would do now — gathered and planned from live LN and
// Exchange data through read-only ports, never executed — item by item with reasons, and counted.
import type { SyncScope } from '../queue/sync-job.schema';
import { CalendarSync } from '../sync/calendar-sync';
import { ContactSync } from '../sync/contact-sync';
import { calendarHistory, contactHistory } from '../sync/history-entries';
import type { HistoryEntry } from '../sync/ports/item-history-port';
import { previewContactExchange, readOnly } from '../sync/read-only-ports';
import { newRunReport } from '../sync/run-report';
import { calendarSettings } from './build-services';
import type { Runtime } from './runtime';

export type PreviewItem = Pick<HistoryEntry, 'lnKey' | 'exchangeId' | 'name' | 'email' | 'direction' | 'action' | 'reason'>;

export interface PreviewView {
  user: string;
  scope: SyncScope;
  generatedAt: string;
  /** A full reconciliation would run. */
  full: boolean;
  /** Items per action ("created in Exchange": 3); `unchanged` counts the items nothing would happen to. */
  counts: Record<string, number>;
  items: PreviewItem[];
  /** Why the guard would hold the deletions back (B-I3), if it would. */
  held?: string;
  warnings: string[];
}

export async function previewSync(rt: Runtime, user: string, scope: SyncScope): Promise<PreviewView> {
  const s = rt.services;
  const links = readOnly(s.links, ['list', 'get', 'getByExchangeId'], 'links');
  const cursors = readOnly(s.cursors, ['get'], 'cursors');
  const now = rt.clock.now().toISOString();
  const report = newRunReport(user, scope, false, now);
  let result: { full: boolean; held?: string; warnings: string[]; entries: HistoryEntry[]; total: number };
  if (scope === 'contacts') {
    const ln = readOnly(s.lnContacts, ['listChanged', 'listSyncGroupKeys', 'listDeleted', 'get', 'findByExternalReference', 'findByEmail', 'refresh'], 'LN contacts');
    const sync = new ContactSync({ ln, exchange: previewContactExchange(s.exchangeContacts), links, cursors, clock: rt.clock }, s.contactSyncSettings);
    const p = await sync.preview(user);
    result = { ...p, entries: contactHistory(p.actions, report, now), total: p.actions.length };
  } else {
    const ln = readOnly(s.lnActivities, ['listInScope', 'listChanged', 'listDeleted', 'get', 'findByExternalReference', 'listEmployees', 'findContactKeysByEmail'], 'LN activities');
    const exchange = readOnly(s.exchangeEvents, ['delta', 'get', 'findByLnKey', 'findByICalUId', 'listInstances'], 'Exchange events');
    const sync = new CalendarSync({ ln, exchange, links, cursors, clock: rt.clock }, calendarSettings(s.config));
    const syncUsers = (await rt.control.get()).settings?.users ?? [user];
    const p = await sync.preview(user, { syncUsers });
    result = { ...p, entries: calendarHistory(p.actions, report, now), total: p.actions.length };
  }
  const counts: Record<string, number> = {};
  for (const e of result.entries) counts[e.action] = (counts[e.action] ?? 0) + 1;
  counts['unchanged'] = result.total - result.entries.length;
  const view: PreviewView = {
    user, scope, generatedAt: now, full: result.full, counts, warnings: result.warnings,
    items: result.entries.map(({ at: _at, kind: _kind, outcome: _o, error: _e, ...item }) => item),
  };
  if (result.held !== undefined) view.held = result.held;
  return view;
}
