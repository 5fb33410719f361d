// Turns an executed plan into item-history entries (B-U4): one per action that wrote or changed a link, with its
// direction, what was done, the planner's reason and the outcome read from the run's errors. Pure.
import type { CalendarAction } from './calendar-action';
import type { ContactAction } from './contact-action';
import type { HistoryDirection, HistoryEntry, ItemHistoryStore } from './ports/item-history-port';
import type { LinkKind, LinkRecord, LinkStore } from './ports/link-store-port';
import { addWarning, type RunReport } from './run-report';

interface Described {
  lnKey?: string | undefined;
  exchangeId?: string | undefined;
  values?: Record<string, string> | undefined;
  direction: HistoryDirection;
  action: string;
}

function directionOf(toLn: boolean, toExchange: boolean): HistoryDirection {
  return toLn && toExchange ? 'both' : toLn ? 'to-ln' : toExchange ? 'to-exchange' : 'link';
}

const linkSide = (link: LinkRecord | undefined): Pick<Described, 'exchangeId' | 'values'> => ({ exchangeId: link?.exchangeId, values: link?.lnValues });

function describeContact(a: ContactAction): Described | undefined {
  switch (a.type) {
    case 'noop':
    case 'ignore':
      return undefined;
    case 'create-exchange':
      return { lnKey: a.lnKey, values: a.fields, direction: 'to-exchange', action: 'created in Exchange' };
    case 'create-ln':
      return { exchangeId: a.exchange.id, values: a.exchange.fields, direction: 'to-ln', action: 'created in LN' };
    case 'sync': {
      const toLn = Object.keys(a.lnPatch).length > 0 || a.joinGroup;
      const toEx = Object.keys(a.exPatch).length > 0 || a.stampLnKey;
      if (!toLn && !toEx && a.lastAction === 'recorded') return undefined;
      return { lnKey: a.lnKey, exchangeId: a.exchangeId, values: a.lnValues, direction: directionOf(toLn, toEx), action: a.lastAction };
    }
    case 'remove-exchange':
      return { lnKey: a.lnKey, ...linkSide(a.link), exchangeId: a.exchangeId, direction: 'to-exchange', action: 'deleted in Exchange' };
    case 'exclude':
      return { lnKey: a.link.lnKey, ...linkSide(a.link), direction: 'link', action: 'excluded' };
    case 'drop-link':
      return { lnKey: a.link.lnKey, ...linkSide(a.link), direction: 'link', action: 'unlinked' };
  }
}

function describeEvent(a: CalendarAction): Described | undefined {
  switch (a.type) {
    case 'noop':
    case 'wait':
      return undefined;
    case 'create-event':
      return { lnKey: a.lnKey, values: a.fields, direction: 'to-exchange', action: 'created in Exchange' };
    case 'sync-event': {
      const toLn = Object.keys(a.lnPatch).length > 0 || a.flags.length > 0;
      const toEx = Object.keys(a.exPatch).length > 0 || a.stampLnKey;
      return { lnKey: a.lnKey, exchangeId: a.exchangeId, values: a.lnValues, direction: directionOf(toLn, toEx), action: a.lastAction };
    }
    case 'create-activity':
      return { exchangeId: a.exchange.id, values: a.exchange.fields, direction: 'to-ln', action: 'created in LN' };
    case 'cancel-event':
    case 'remove-event':
      return { lnKey: a.lnKey, ...linkSide(a.link), exchangeId: a.exchangeId, direction: 'to-exchange', action: a.type === 'cancel-event' ? 'cancelled in Exchange' : 'deleted in Exchange' };
    case 'delete-activity':
    case 'cancel-activity':
    case 'decline':
      return { lnKey: a.lnKey, ...linkSide(a.link), direction: 'to-ln', action: a.type === 'delete-activity' ? 'deleted in LN' : a.type === 'cancel-activity' ? 'cancelled in LN' : 'declined in LN' };
    case 'drop-link':
      return { lnKey: a.link.lnKey, ...linkSide(a.link), direction: 'link', action: 'unlinked' };
  }
}

function entry(kind: LinkKind, d: Described, reason: string, report: RunReport, at: string): HistoryEntry {
  const e: HistoryEntry = { at, kind, direction: d.direction, action: d.action, reason, outcome: 'done' };
  if (d.lnKey) e.lnKey = d.lnKey;
  if (d.exchangeId) e.exchangeId = d.exchangeId;
  const v = d.values ?? {};
  const name = kind === 'event' ? (v['subject'] ?? '') : [v['givenName'], v['surname']].filter((p) => p).join(' ');
  if (name) e.name = name;
  if (v['email']) e.email = v['email'];
  const error = report.errors.find((x) => (d.lnKey !== undefined && x.lnKey === d.lnKey) || (d.exchangeId !== undefined && x.exchangeId === d.exchangeId));
  if (error) {
    e.outcome = 'failed';
    e.error = error.message;
  }
  return e;
}

export function contactHistory(actions: readonly ContactAction[], report: RunReport, at: string): HistoryEntry[] {
  return actions.flatMap((a) => {
    const d = describeContact(a);
    return d ? [entry('contact', d, a.reason, report, at)] : [];
  });
}

/** An executed contact action with the keys its write gave it (an LN key or Exchange id the plan did not know yet). */
export interface DoneContactAction {
  action: ContactAction;
  lnKey?: string | undefined;
  exchangeId?: string | undefined;
}

/** contactHistory for actions as the executor finished them: keys learnt by the write fill the entries' gaps. */
export function doneContactHistory(done: readonly DoneContactAction[], report: RunReport, at: string): HistoryEntry[] {
  return done.flatMap(({ action, lnKey, exchangeId }) => {
    const d = describeContact(action);
    if (!d) return [];
    return [entry('contact', { ...d, lnKey: d.lnKey ?? lnKey, exchangeId: d.exchangeId ?? exchangeId }, action.reason, report, at)];
  });
}

export function calendarHistory(actions: readonly CalendarAction[], report: RunReport, at: string): HistoryEntry[] {
  return actions.flatMap((a) => {
    const d = describeEvent(a);
    return d ? [entry('event', d, a.reason, report, at)] : [];
  });
}

/**
 * The one hook of a run (after its executor): records the entries; items created in LN get the key their link now
 * has. A history that cannot be written is a warning of the run, never its failure.
 */
export async function recordHistory(
  ports: { history?: ItemHistoryStore | undefined; links: LinkStore },
  user: string,
  kind: LinkKind,
  entries: HistoryEntry[],
  report: RunReport,
): Promise<void> {
  if (!ports.history || entries.length === 0) return;
  try {
    await completeIds(ports.links, user, kind, entries.filter((e) => e.outcome === 'done' && (e.lnKey === undefined || e.exchangeId === undefined)));
    await ports.history.record(user, entries);
  } catch (err) {
    addWarning(report, `item history not recorded this run: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Items just created on one side get the other side's id from their new link: a few reads, or one list for many. */
async function completeIds(links: LinkStore, user: string, kind: LinkKind, missing: HistoryEntry[]): Promise<void> {
  if (missing.length === 0) return;
  if (missing.length > 20 && links.scan) return completeIdsByScan(links.scan(user, kind), missing);
  const all = missing.length > 20 ? await links.list(user, kind) : undefined;
  const byLn = new Map(all?.map((l) => [l.lnKey, l]));
  const byEx = new Map(all?.map((l) => [l.exchangeId, l]));
  for (const e of missing) {
    const link = e.lnKey !== undefined
      ? (all ? byLn.get(e.lnKey) : await links.get(user, kind, e.lnKey))
      : (all ? byEx.get(e.exchangeId ?? '') : await links.getByExchangeId(user, kind, e.exchangeId ?? ''));
    if (!link) continue;
    e.lnKey = link.lnKey;
    e.exchangeId = link.exchangeId;
  }
}

/** The same as one list, page by page: only the entries wait in memory, not every link of the user. */
async function completeIdsByScan(links: AsyncIterable<LinkRecord>, missing: HistoryEntry[]): Promise<void> {
  const byLn = new Map<string, HistoryEntry[]>();
  const byEx = new Map<string, HistoryEntry[]>();
  for (const e of missing) {
    const [index, key] = e.lnKey !== undefined ? [byLn, e.lnKey] : [byEx, e.exchangeId ?? ''];
    const list = index.get(key);
    if (list) list.push(e);
    else index.set(key, [e]);
  }
  // the indexes were built before any entry changed; a later link with the same Exchange id wins, as in a map of all
  for await (const link of links) {
    for (const e of [...(byLn.get(link.lnKey) ?? []), ...(byEx.get(link.exchangeId) ?? [])]) {
      e.lnKey = link.lnKey;
      e.exchangeId = link.exchangeId;
    }
  }
}
