// What the console pages show (B-U1, B-U3): the overview (state, users counted by health, one page of the
// problem-first list, searchable) from the status rows' summary columns, and everything about one user.
import type { RunReport, HeldItem } from '../../sync/run-report';
import type { SynchronizerState } from '../ports/control-store-port';
import type { SubscriptionRecord } from '../ports/subscription-store-port';
import type { UserStatus, UserSummary } from '../ports/user-status-port';
import type { Runtime } from '../runtime';
import { HEALTH_ORDER, healthOf, healthRank, type Health } from '../user-health';

export const PAGE_SIZE = 50;
const RUNS_SHOWN = 10;

export interface OverviewQuery {
  /** Part of an address, any case. */
  search: string;
  health: Health | undefined;
  /** 1-based. */
  page: number;
}

export interface OverviewView {
  now: string;
  synchronizer: Omit<SynchronizerState, 'etag' | 'maintenanceLock'>;
  total: number;
  /** Users having each problem (a user may have several); 'ok' = users with none. */
  counts: Record<Health, number>;
  query: OverviewQuery;
  matched: number;
  pages: number;
  rows: UserSummary[];
}

export async function overview(rt: Runtime, query: OverviewQuery): Promise<OverviewView> {
  const [control, summaries] = await Promise.all([rt.control.get(), rt.statuses.summaries()]);
  const all = allUsers(control.settings?.users ?? [], summaries);
  const counts = Object.fromEntries(HEALTH_ORDER.map((h) => [h, 0])) as Record<Health, number>;
  for (const s of all) {
    if (s.problems.length === 0) counts.ok++;
    for (const p of s.problems) counts[p]++;
  }
  const needle = query.search.trim().toLowerCase();
  const matching = all
    .filter((s) => needle === '' || s.user.toLowerCase().includes(needle))
    .filter((s) => query.health === undefined || (query.health === 'ok' ? s.problems.length === 0 : s.problems.includes(query.health)))
    .sort((a, b) => healthRank(healthOf(a.problems)) - healthRank(healthOf(b.problems)) || a.user.localeCompare(b.user));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page), pages);
  const { etag: _etag, maintenanceLock: _lock, ...synchronizer } = control;
  return {
    now: rt.clock.now().toISOString(),
    synchronizer,
    total: all.length,
    counts,
    query: { ...query, page },
    matched: matching.length,
    pages,
    rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
  };
}

/** Sync users from LN's settings, plus any user status still knows about; one entry per address (any case). */
function allUsers(configured: string[], summaries: UserSummary[]): UserSummary[] {
  const byAddress = new Map(summaries.map((s) => [s.user.toLowerCase(), s]));
  for (const user of configured) if (!byAddress.has(user.toLowerCase())) byAddress.set(user.toLowerCase(), { user, problems: [], updatedAt: '' });
  return [...byAddress.values()];
}

export interface ScopeView {
  runs: RunReport[];
  /** The deletions held back, from the latest run, while the hold is open (B-U3). */
  held: HeldItem[];
}

export interface UserPageView {
  now: string;
  started: boolean;
  known: boolean;
  status: UserStatus;
  scopes: { contacts: ScopeView; calendar: ScopeView };
  subscriptions: Array<Omit<SubscriptionRecord, 'clientState' | 'etag'>>;
}

export async function userPage(rt: Runtime, user: string): Promise<UserPageView> {
  const now = rt.clock.now().toISOString();
  const [control, stored, contacts, calendar, subscriptions] = await Promise.all([
    rt.control.get(),
    rt.statuses.get(user),
    rt.runs.latest(user, 'contacts', RUNS_SHOWN),
    rt.runs.latest(user, 'calendar', RUNS_SHOWN),
    rt.subscriptions.forUser(user),
  ]);
  const configured = (control.settings?.users ?? []).some((u) => u.toLowerCase() === user.toLowerCase());
  const status = stored ?? { user, mailbox: 'ok', needsAttention: [], deadLetters: [], warnings: [], updatedAt: now };
  const scope = (name: RunReport['scope'], runs: RunReport[]): ScopeView => {
    const open = status.needsAttention.some((a) => a.scope === name);
    const latestHeld = runs.find((r) => r.needsAttention !== undefined);
    return { runs, held: open ? (latestHeld?.held ?? []) : [] };
  };
  return {
    now,
    started: control.state === 'started',
    known: configured || stored !== undefined,
    status,
    scopes: { contacts: scope('contacts', contacts), calendar: scope('calendar', calendar) },
    subscriptions: subscriptions.map(({ clientState: _secret, etag: _etag, ...rest }) => rest),
  };
}
