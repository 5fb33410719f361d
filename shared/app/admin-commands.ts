// What an administrator can do (B-L1, B-L2, B-I3, B-I6): start, stop, see status, look up one item,
// queue a synchronization now, and confirm deletions a safety valve held back. Functions call these.
import { ExternalServiceError } from '../domain/external-service-error';
import type { JobEnvelope, SyncScope } from '../queue/sync-job.schema';
import type { LinkKind, LinkRecord } from '../sync/ports/link-store-port';
import { enabledScopes, readSettingsSnapshot } from './settings-snapshot';
import { maintainSubscriptions } from './subscription-maintenance';
import type { SynchronizerState } from './ports/control-store-port';
import type { Runtime } from './runtime';
import { STATUS_MAX_PAGE_SIZE, STATUS_PAGE_SIZE, subscriptionStates, type StatusQuery, type StatusView } from './status-view';

export interface StartResult {
  state: SynchronizerState;
  queued: number;
  /** B-N6: push subscriptions that could not be created or renewed; the pulls run all the same. */
  warnings: string[];
}

/** B-L2: read and validate LN settings and users, store the snapshot, mark started, queue a full sync for everyone. */
export async function startSynchronizer(rt: Runtime): Promise<StartResult> {
  const now = rt.clock.now();
  let settings;
  try {
    settings = await readSettingsSnapshot(rt.services.lnSettings, now);
  } catch (err) {
    const settingsError = startFailure(err);
    await rt.control.update((s) => ({ ...s, settingsError }));
    throw new AdminError(err instanceof ExternalServiceError ? 502 : 422, settingsError);
  }
  const state = await rt.control.update((s) => {
    const next: SynchronizerState = { ...s, state: 'started', changedAt: now.toISOString(), settings, tickSettings: settings };
    delete next.settingsError;
    return next;
  });
  const maintenance = await maintainSubscriptions(rt); // B-L2: push subscriptions created or renewed when push is on
  const jobs: JobEnvelope[] = [];
  for (const scope of enabledScopes(settings)) for (const user of settings.users) jobs.push(pull(user, scope, true, now));
  if (jobs.length > 0) await rt.queue.send(jobs);
  return { state, queued: jobs.length, warnings: [...maintenance.failing.values()].map((f) => `${f.user}: ${f.message}`) };
}

export async function stopSynchronizer(rt: Runtime): Promise<SynchronizerState> {
  const now = rt.clock.now().toISOString();
  return rt.control.update((s) => ({ ...s, state: 'stopped', changedAt: now }));
}

export async function statusView(rt: Runtime, query: StatusQuery = {}, runsPerScope = 5): Promise<StatusView> {
  const control = await rt.control.get();
  const { etag: _etag, ...synchronizer } = control;
  const known = new Map((await rt.statuses.list()).map((s) => [s.user.toLowerCase(), s]));
  const everyone = [...new Set([...(control.settings?.users ?? []), ...[...known.values()].map((s) => s.user)])].sort();
  const wanted = query.user === undefined ? everyone : everyone.filter((u) => u.toLowerCase() === query.user?.toLowerCase());
  const size = Math.min(query.pageSize ?? STATUS_PAGE_SIZE, STATUS_MAX_PAGE_SIZE);
  const number = query.page ?? 1;
  const users = wanted.slice((number - 1) * size, number * size);
  const now = rt.clock.now().toISOString();
  const subscriptions = await rt.subscriptions.list();
  return {
    generatedAt: now,
    synchronizer,
    page: { number, size, totalUsers: wanted.length },
    users: await Promise.all(users.map(async (user) => ({
      status: known.get(user.toLowerCase()) ?? { user, mailbox: 'ok', needsAttention: [], deadLetters: [], warnings: [], updatedAt: now },
      runs: { contacts: await rt.runs.latest(user, 'contacts', runsPerScope), calendar: await rt.runs.latest(user, 'calendar', runsPerScope) },
      subscriptions: subscriptionStates(subscriptions.filter((r) => r.user.toLowerCase() === user.toLowerCase()), known.get(user.toLowerCase())?.subscriptionProblems ?? []),
    }))),
  };
}

/** B-I6: an item's link, last action and reason, by LN key or Exchange id. */
export async function itemLookup(rt: Runtime, user: string, kind: LinkKind, id: string): Promise<LinkRecord | undefined> {
  return (await rt.services.links.get(user, kind, id)) ?? (await rt.services.links.getByExchangeId(user, kind, id));
}

export async function syncNow(rt: Runtime, user: string, scope: SyncScope | 'all', full: boolean): Promise<number> {
  await requireStarted(rt);
  const now = rt.clock.now();
  const scopes: SyncScope[] = scope === 'all' ? ['contacts', 'calendar'] : [scope];
  await rt.queue.send(scopes.map((s) => pull(user, s, full, now)));
  return scopes.length;
}

/** B-I3: the administrator confirms: the held deletions run with the next (full) pull; that run clears the note. */
export async function confirmDeletes(rt: Runtime, user: string, only?: SyncScope): Promise<number> {
  await requireStarted(rt);
  const status = await rt.statuses.get(user);
  const scopes = [...new Set((status?.needsAttention ?? []).map((a) => a.scope))].filter((s) => only === undefined || s === only);
  if (scopes.length === 0) return 0;
  const now = rt.clock.now();
  await rt.queue.send(scopes.map((scope) => {
    const envelope = pull(user, scope, true, now);
    return { ...envelope, job: { ...envelope.job, confirmDeletes: true } };
  }));
  return scopes.length;
}

/** B-L1: a stopped synchronizer queues nothing, also not on request. */
async function requireStarted(rt: Runtime): Promise<void> {
  if ((await rt.control.get()).state === 'stopped') throw new AdminError(409, 'the synchronizer is stopped: start it first');
}

function pull(user: string, scope: SyncScope, full: boolean, now: Date): JobEnvelope {
  return { job: { kind: 'pull', user, scope, full, dueAt: now.toISOString() }, attempt: 1 };
}

/** B-L7: why start failed, in plain words: LN unreachable or refusing the credentials, or settings not valid. */
function startFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ExternalServiceError)) return `LN settings are not valid: ${message}`;
  const retry = 'Start again once this is fixed.';
  if (!err.transient && (err.status === 401 || err.status === 400)) return `Start failed: LN refused the credentials, so its settings and users could not be read (${message}). ${retry}`;
  return `Start failed: LN's settings and users could not be read (${message}). ${retry}`;
}

/** A refusal the HTTP layer turns into its status code. */
export class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'AdminError';
  }
}
