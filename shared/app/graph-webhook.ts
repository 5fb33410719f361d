// The Graph webhook's use case (B-N1, B-N2): answer the validation handshake, check each notification against
// the stored clientState in constant time, queue one job per changed item, and act on lifecycle events.
import { createHash, timingSafeEqual } from 'node:crypto';
import { graphNotificationBodySchema, type GraphChangeNotification, type GraphLifecycleNotification } from '../push/graph-notification.schema';
import type { JobEnvelope } from '../queue/sync-job.schema';
import type { SubscriptionRecord } from './ports/subscription-store-port';
import { maintainSubscriptions, renew } from './subscription-maintenance';
import type { Runtime } from './runtime';

export const MAX_NOTIFICATION_BODY = 1024 * 1024;

export interface WebhookAnswer {
  status: number;
  text?: string;
  /** What was done, for logs (never secrets). */
  note: string;
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
  const records = new Map<string, SubscriptionRecord | undefined>();
  const lookup = async (id: string): Promise<SubscriptionRecord | undefined> => {
    if (!records.has(id)) records.set(id, await rt.subscriptions.get(id));
    return records.get(id);
  };
  const jobs: JobEnvelope[] = [];
  const lifecycle: Array<{ record: SubscriptionRecord; event: GraphLifecycleNotification['lifecycleEvent'] }> = [];
  let ignored = 0;
  const now = rt.clock.now().toISOString();
  for (const n of parsed.data.value) {
    const record = await lookup(n.subscriptionId);
    if (!record || !sameSecret(n.clientState, record.clientState)) {
      ignored++; // unknown subscription or wrong clientState: not ours, nothing queued
      continue;
    }
    if (isLifecycle(n)) lifecycle.push({ record, event: n.lifecycleEvent });
    else jobs.push(changeJob(record, n, now));
  }
  if (jobs.length > 0) await rt.queue.send(dedupe(jobs));
  for (const l of lifecycle) await onLifecycle(rt, l.record, l.event, now);
  return { status: 202, note: `${jobs.length} change jobs, ${lifecycle.length} lifecycle events, ${ignored} ignored` };
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

/** reauthorizationRequired ⇒ renew; subscriptionRemoved ⇒ recreate and resync; missed ⇒ resync. */
async function onLifecycle(rt: Runtime, record: SubscriptionRecord, event: GraphLifecycleNotification['lifecycleEvent'], now: string): Promise<void> {
  if (event === 'reauthorizationRequired') return renew(rt, record);
  if (event === 'subscriptionRemoved') {
    await rt.subscriptions.remove(record);
    await maintainSubscriptions(rt, { user: record.user });
  }
  await rt.queue.send([{ job: { kind: 'full-resync', user: record.user, reason: `Graph lifecycle event ${event}`, requestedAt: now }, attempt: 1 }]);
}

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
