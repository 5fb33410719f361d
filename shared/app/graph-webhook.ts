// The Graph webhook's use case (B-N1, B-N2): answer the validation handshake, check each notification against
// the stored clientState in constant time, queue one job per changed item, and act on lifecycle events.
import { createHash, timingSafeEqual } from 'node:crypto';
import { graphNotificationBodySchema, type GraphChangeNotification, type GraphLifecycleNotification } from '../push/graph-notification.schema';
import type { JobEnvelope } from '../queue/sync-job.schema';
import type { SubscriptionRecord } from './ports/subscription-store-port';
import type { Runtime } from './runtime';

export const MAX_NOTIFICATION_BODY = 1024 * 1024;
const MAX_SUBSCRIPTIONS_PER_REQUEST = 100;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebhookAnswer {
  status: number;
  text?: string;
  /** What was done, for logs (never secrets). */
  note: string;
  /** Notifications in the request that were queued (accepted) or refused by their clientState or subscription (rejected). */
  counts?: { accepted: number; rejected: number };
}

export interface GraphWebhookInput {
  validationToken: string | null;
  rawBody: string;
}

export async function handleGraphWebhook(rt: Runtime, input: GraphWebhookInput): Promise<WebhookAnswer> {
  if (input.validationToken !== null) return { status: 200, text: input.validationToken, note: 'validation handshake' };
  if (Buffer.byteLength(input.rawBody) >= MAX_NOTIFICATION_BODY) return { status: 413, note: 'body too large, ignored' };
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { status: 400, note: 'body is not JSON' };
  }
  const parsed = graphNotificationBodySchema.safeParse(json);
  if (!parsed.success) return { status: 400, note: `not a notification body: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}` };
  const control = await rt.control.get();
  if (control.state === 'stopped') return { status: 202, note: 'synchronizer stopped: nothing queued' }; // B-L1
  const ids = [...new Set(parsed.data.value.map((n) => n.subscriptionId))];
  if (ids.length > MAX_SUBSCRIPTIONS_PER_REQUEST) return { status: 400, note: `more than ${MAX_SUBSCRIPTIONS_PER_REQUEST} subscriptions in one request` };
  const records = new Map(await Promise.all(ids.map(async (id) => [id, await lookUp(rt, id)] as const)));
  const jobs: JobEnvelope[] = [];
  let ignored = 0;
  const now = rt.clock.now().toISOString();
  for (const n of parsed.data.value) {
    const record = records.get(n.subscriptionId);
    if (!record || !sameSecret(n.clientState, record.clientState)) {
      ignored++; // unknown subscription or wrong clientState: not ours, nothing queued
      continue;
    }
    jobs.push(isLifecycle(n) ? lifecycleJob(record, n, now) : changeJob(record, n, now));
  }
  if (jobs.length > 0) await rt.queue.send(dedupe(jobs));
  return { status: 202, note: `${jobs.length} jobs queued, ${ignored} ignored`, counts: { accepted: parsed.data.value.length - ignored, rejected: ignored } };
}

function isLifecycle(n: GraphChangeNotification | GraphLifecycleNotification): n is GraphLifecycleNotification {
  return typeof (n as { lifecycleEvent?: unknown }).lifecycleEvent === 'string';
}

function changeJob(record: SubscriptionRecord, n: GraphChangeNotification, receivedAt: string): JobEnvelope {
  const etag = n.resourceData['@odata.etag'];
  return {
    job: {
      kind: 'graph-change', user: record.user, resource: record.resource === 'events' ? 'event' : 'contact', id: n.resourceData.id,
      changeType: n.changeType, subscriptionId: record.subscriptionId, receivedAt, ...(etag ? { etag } : {}),
    },
    attempt: 1,
  };
}

/** Lifecycle events are handled by the worker (renew, recreate, resync), so the webhook answers at once. */
function lifecycleJob(record: SubscriptionRecord, n: GraphLifecycleNotification, receivedAt: string): JobEnvelope {
  return { job: { kind: 'subscription-lifecycle', user: record.user, subscriptionId: record.subscriptionId, event: n.lifecycleEvent, receivedAt }, attempt: 1 };
}

/**
 * Graph subscription ids are GUIDs; anything else is not ours (and is never looked up). Known subscriptions are
 * kept in memory for a minute so a burst costs no storage reads; a record only changes by being replaced.
 */
async function lookUp(rt: Runtime, id: string): Promise<SubscriptionRecord | undefined> {
  if (!GUID.test(id)) return undefined;
  const now = Date.now();
  const cached = known.get(id);
  if (cached && cached.until > now) return cached.record;
  const record = await rt.subscriptions.get(id);
  if (record) {
    if (known.size >= CACHE_LIMIT) known.clear();
    known.set(id, { record, until: now + CACHE_MS });
  }
  return record;
}

const CACHE_MS = 60_000;
const CACHE_LIMIT = 10_000;
const known = new Map<string, { record: SubscriptionRecord; until: number }>();

/** Constant-time comparison of the clientState a notification carries with the stored one. */
function sameSecret(offered: string | undefined, stored: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(offered ?? ''), digest(stored)) && offered !== undefined;
}

function dedupe(jobs: JobEnvelope[]): JobEnvelope[] {
  const seen = new Map<string, JobEnvelope>();
  for (const j of jobs) seen.set(JSON.stringify(j.job), j);
  return [...seen.values()];
}
