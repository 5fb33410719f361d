// Keeps Graph subscriptions in step with LN's settings and users (B-N1): one on each sync user's events, and on
// their sync folder's contacts in two-way mode; renewed well before expiry; removed for users who left; never doubled.
import { randomBytes } from 'node:crypto';
import { ExternalServiceError } from '../domain/external-service-error';
import type { SettingsSnapshot } from './ports/control-store-port';
import type { JobEnvelope } from '../queue/sync-job.schema';
import type { SubscribedResource, SubscriptionRecord } from './ports/subscription-store-port';
import type { Runtime } from './runtime';
import { recordPushHealth, type PushFailure } from './push-health';

/** Outlook resources allow 10,080 minutes; we ask for a little less and renew when under two days remain. */
const LIFETIME_MINUTES = 10_020;
const RENEW_WHEN_MINUTES_LEFT = 2 * 1440;
const LOCK_MS = 2 * 60_000;

export interface MaintenanceResult {
  created: number;
  renewed: number;
  removed: number;
  failures: string[];
  /** Another run held the maintenance lock, so this one did nothing (not a failure: that run does the work). */
  skipped?: boolean;
  /** B-N6: per user and resource, why its subscription could not be created or renewed (keys: slot()). */
  failing: Map<string, PushFailure>;
}

interface Wanted {
  user: string;
  resource: SubscribedResource;
  resourcePath: string;
}

export async function maintainSubscriptions(rt: Runtime, only?: { user: string }): Promise<MaintenanceResult> {
  const result: MaintenanceResult = { created: 0, renewed: 0, removed: 0, failures: [], failing: new Map() };
  const lock = await acquireLock(rt);
  if (!lock) return { ...result, skipped: true };
  try {
    const users = await maintain(rt, result, only);
    await recordPushHealth(rt, users, result.failing, only); // B-N6: status says which subscription fails and why
  } finally {
    await releaseLock(rt, lock);
  }
  return result;
}

/** Returns the users push is wanted for (none when push is off). */
async function maintain(rt: Runtime, result: MaintenanceResult, only?: { user: string }): Promise<string[]> {
  const control = await rt.control.get();
  const settings = control.settings;
  const baseUrl = rt.services.config.push.publicBaseUrl;
  const push = control.state === 'started' && settings?.enablePushSynchronization === true && baseUrl !== undefined;
  const unknown = new Set<string>();
  const wanted = push && settings ? await wantedSubscriptions(rt, settings, result, unknown, only) : [];
  const existing = (await rt.subscriptions.list()).filter((s) => !only || sameUser(s.user, only.user));
  const kept: SubscriptionRecord[] = [];
  const now = rt.clock.now();
  for (const record of existing) {
    const match = wanted.find((w) => sameUser(w.user, record.user) && w.resource === record.resource && w.resourcePath === record.resourcePath);
    if (!match && unknown.has(slot(record.user, record.resource))) {
      kept.push(record); // could not work out what this user needs right now: keep what works
    } else if (!match) {
      await attempt(result, `remove ${record.subscriptionId}`, async () => {
        await rt.graphSubscriptions.remove(record.subscriptionId);
        await rt.subscriptions.remove(record);
        result.removed++;
      });
    } else if (Date.parse(record.expiresAt) - now.getTime() < RENEW_WHEN_MINUTES_LEFT * 60_000) {
      await attempt(result, `renew ${record.subscriptionId}`, async () => {
        if (await renew(rt, record, result)) kept.push(record);
        else await rt.queue.send([resync(record.user, 'subscription expired', now)]); // recreated below; catch up what push missed
      }, { user: record.user, resource: record.resource, action: 'renew', url: notificationUrl(baseUrl) });
    } else {
      kept.push(record);
    }
  }
  for (const w of wanted) {
    if (kept.some((r) => sameUser(r.user, w.user) && r.resource === w.resource && r.resourcePath === w.resourcePath)) continue;
    await attempt(result, `subscribe ${w.user} ${w.resource}`, () => create(rt, w, baseUrl ?? '', result), { user: w.user, resource: w.resource, action: 'create', url: notificationUrl(baseUrl) });
  }
  return push && settings ? settings.users.filter((u) => !only || sameUser(u, only.user)) : [];
}

function notificationUrl(baseUrl: string | undefined): string {
  return `${baseUrl ?? ''}/api/graph/notifications`;
}

/** One maintenance run at a time across instances: a short lease in the control row, taken with its ETag. */
async function acquireLock(rt: Runtime): Promise<string | undefined> {
  const now = rt.clock.now();
  const token = randomBytes(8).toString('hex');
  const state = await rt.control.update((s) => (s.maintenanceLock && Date.parse(s.maintenanceLock.until) > now.getTime() ? s : { ...s, maintenanceLock: { token, until: new Date(now.getTime() + LOCK_MS).toISOString() } }));
  return state.maintenanceLock?.token === token ? token : undefined;
}

async function releaseLock(rt: Runtime, token: string): Promise<void> {
  await rt.control.update((s) => {
    if (s.maintenanceLock?.token !== token) return s;
    const next = { ...s };
    delete next.maintenanceLock;
    return next;
  });
}

function resync(user: string, reason: string, now: Date): JobEnvelope {
  return { job: { kind: 'full-resync', user, reason, requestedAt: now.toISOString() }, attempt: 1 };
}

function slot(user: string, resource: SubscribedResource): string {
  return `${user.toLowerCase()}|${resource}`;
}

async function wantedSubscriptions(rt: Runtime, settings: SettingsSnapshot, result: MaintenanceResult, unknown: Set<string>, only?: { user: string }): Promise<Wanted[]> {
  const out: Wanted[] = [];
  const twoWay = rt.services.config.sync.contactDirection === 'two-way';
  for (const user of settings.users.filter((u) => !only || sameUser(u, only.user))) {
    if (settings.synchronizeActivities) out.push({ user, resource: 'events', resourcePath: `users/${user}/events` });
    if (settings.synchronizeContacts && twoWay) {
      await attempt(result, `sync folder of ${user}`, async () => {
        try {
          const folderId = await rt.services.exchangeContacts.ensureSyncFolder(user, rt.services.config.sync.folderName);
          out.push({ user, resource: 'contacts', resourcePath: `users/${user}/contactFolders/${folderId}/contacts` });
        } catch (err) {
          unknown.add(slot(user, 'contacts'));
          result.failing.set(slot(user, 'contacts'), { user, resource: 'contacts', message: `the sync folder could not be found or created: ${messageOf(err)}` });
          throw err;
        }
      });
    }
  }
  return out;
}

async function create(rt: Runtime, w: Wanted, baseUrl: string, result: MaintenanceResult): Promise<void> {
  const url = notificationUrl(baseUrl);
  const clientState = randomBytes(32).toString('base64url');
  const expirationDateTime = new Date(rt.clock.now().getTime() + LIFETIME_MINUTES * 60_000).toISOString();
  const input = { resource: w.resourcePath, changeType: 'created,updated,deleted', notificationUrl: url, lifecycleNotificationUrl: url, clientState, expirationDateTime };
  let created;
  try {
    created = await rt.graphSubscriptions.create(input);
  } catch (err) {
    if (!(err instanceof ExternalServiceError && err.status === 409)) throw err;
    // one already exists for this resource and URL, but its clientState is unknown here: replace it
    for (const s of await rt.graphSubscriptions.list()) if (s.resource.replace(/^\//, '') === w.resourcePath && s.notificationUrl === url) await rt.graphSubscriptions.remove(s.id);
    created = await rt.graphSubscriptions.create(input);
  }
  const record: SubscriptionRecord = { user: w.user, resource: w.resource, subscriptionId: created.id, clientState, resourcePath: w.resourcePath, expiresAt: created.expirationDateTime, createdAt: rt.clock.now().toISOString() };
  await rt.subscriptions.put(record);
  result.created++;
}

/** Renews one subscription; one that Graph no longer knows is forgotten (false) so it can be recreated. */
export async function renew(rt: Runtime, record: SubscriptionRecord, result?: MaintenanceResult): Promise<boolean> {
  const expirationDateTime = new Date(rt.clock.now().getTime() + LIFETIME_MINUTES * 60_000).toISOString();
  try {
    const renewed = await rt.graphSubscriptions.renew(record.subscriptionId, expirationDateTime);
    await rt.subscriptions.put({ ...record, expiresAt: renewed.expirationDateTime });
    if (result) result.renewed++;
    return true;
  } catch (err) {
    if (!(err instanceof ExternalServiceError && err.status === 404)) throw err;
    await rt.subscriptions.remove(record);
    return false;
  }
}

interface SlotAttempt {
  user: string;
  resource: SubscribedResource;
  action: 'create' | 'renew';
  url: string;
}

async function attempt(result: MaintenanceResult, what: string, work: () => Promise<void>, slotOf?: SlotAttempt): Promise<void> {
  try {
    await work();
  } catch (err) {
    result.failures.push(`${what}: ${messageOf(err)}`);
    if (slotOf) result.failing.set(slot(slotOf.user, slotOf.resource), { user: slotOf.user, resource: slotOf.resource, message: failureText(slotOf, err) });
  }
}

/** B-N6: in plain words, naming the notification URL and the usual causes Graph reports. */
function failureText(a: SlotAttempt, err: unknown): string {
  const what = `the ${a.resource === 'events' ? 'calendar' : 'contacts'} subscription could not be ${a.action === 'create' ? 'created' : 'renewed'}`;
  const status = err instanceof ExternalServiceError ? err.status : undefined;
  const hints: string[] = [];
  if (!/^https:/i.test(a.url)) hints.push(`Graph accepts only https notification URLs, and ${a.url} is not one`);
  if (status === 400 && /validation/i.test(messageOf(err))) hints.push(`Graph could not reach ${a.url}`);
  if (status === 403) hints.push('the app registration lacks the permission for this resource');
  return `${what}: ${messageOf(err)}${hints.length > 0 ? ` (${hints.join('; ')})` : ''}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
