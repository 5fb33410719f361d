// The LN webhook's use case (B-N3): verify signature and timestamp window, then queue one job per notification and
// sync user. A repeat of a request (any instance) is accepted and re-runs its jobs once, a little later; refused ones queue nothing.
import { createHash } from 'node:crypto';
import { LN_TIMESTAMP_TOLERANCE_MS, verifyLnWebhook } from '../push/ln-webhook-verifier';
import type { LnNotification } from '../push/ln-notification.schema';
import type { JobEnvelope } from '../queue/sync-job.schema';
import type { SettingsSnapshot } from './ports/control-store-port';
import type { Runtime } from './runtime';
import type { WebhookAnswer } from './graph-webhook';

/** A timestamp may be up to five minutes off either way, so a signature stays usable for ten: remember it that long. */
const REPLAY_WINDOW_MS = 2 * LN_TIMESTAMP_TOLERANCE_MS;

export interface LnWebhookInput {
  rawBody: string | Uint8Array;
  timestamp: string | null;
  signature: string | null;
}

export async function handleLnWebhook(rt: Runtime, input: LnWebhookInput): Promise<WebhookAnswer> {
  const config = rt.services.config.ln;
  if (!config.webhookSecret) return { status: 401, note: 'LN_WEBHOOK_SECRET is not configured: every LN notification is refused' };
  const now = rt.clock.now();
  const verdict = verifyLnWebhook({ rawBody: input.rawBody, timestampHeader: input.timestamp, signatureHeader: input.signature, secret: config.webhookSecret, now, company: config.company });
  if (!verdict.ok) return { status: verdict.status, note: verdict.reason };
  const control = await rt.control.get();
  const settings = control.settings;
  if (control.state === 'stopped' || !settings) return { status: 202, note: 'synchronizer stopped: nothing queued' };
  // Two edits in one second give byte-identical signed requests. The first job may already have run before the second
  // edit was committed, so a repeat re-runs the jobs once after a short delay (jobs re-read LN; repeats meanwhile collapse).
  const signature = input.signature ?? '';
  const repeatDelayMs = config.webhookRepeatDelaySeconds * 1000;
  const signedAt = new Date(Number(input.timestamp) * 1000);
  const receipt = await rt.services.seenRequests.receive({ key: signature, signedAt, now, windowMs: REPLAY_WINDOW_MS, repeatDelayMs });
  if (receipt.kind === 'repeat-pending') return { status: 202, note: 'repeated request: its re-run is already scheduled' };
  const repeat = receipt.kind === 'repeat' ? `${createHash('sha256').update(signature.trim().toLowerCase()).digest('hex').slice(0, 16)}#${receipt.repeat}` : undefined;
  const jobs = jobsFor(verdict.notifications, settings, repeat);
  if (jobs.length === 0) return { status: 202, note: '0 jobs queued' };
  if (!repeat) {
    await rt.queue.send(jobs);
    return { status: 202, note: `${jobs.length} jobs queued` };
  }
  const notBefore = new Date(now.getTime() + repeatDelayMs);
  await Promise.all(jobs.map((job) => rt.queue.schedule(job, notBefore)));
  return { status: 202, note: `repeated request: ${jobs.length} jobs queued again for ${notBefore.toISOString()}` };
}

/** One job per notification and sync user, for the halves switched on (B-L4). */
function jobsFor(notifications: LnNotification[], settings: SettingsSnapshot, repeat: string | undefined): JobEnvelope[] {
  const jobs: JobEnvelope[] = [];
  for (const n of notifications) {
    const enabled = n.entity === 'Contact' ? settings.synchronizeContacts : settings.synchronizeActivities;
    if (!enabled) continue;
    for (const user of settings.users) {
      jobs.push({ job: { kind: 'ln-change', user, entity: n.entity, id: n.id, changeType: n.changeType, occurredAt: n.occurredAt, ...(repeat ? { repeat } : {}) }, attempt: 1 });
    }
  }
  return jobs;
}
