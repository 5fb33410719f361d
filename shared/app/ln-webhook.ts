// The LN webhook's use case (B-N3): verify signature, timestamp window and replay, then queue one job per
// notification and sync user. Nothing is queued for a rejected request or while the synchronizer is stopped.
import { createReplayGuard, LN_TIMESTAMP_TOLERANCE_MS, verifyLnWebhook } from '../push/ln-webhook-verifier';
import type { JobEnvelope } from '../queue/sync-job.schema';
import type { Runtime } from './runtime';
import type { WebhookAnswer } from './graph-webhook';

/** A timestamp may be up to five minutes off either way, so a signature stays usable for ten: remember it that long. */
const replays = createReplayGuard(2 * LN_TIMESTAMP_TOLERANCE_MS);

export interface LnWebhookInput {
  rawBody: string;
  timestamp: string | null;
  signature: string | null;
}

export async function handleLnWebhook(rt: Runtime, input: LnWebhookInput): Promise<WebhookAnswer> {
  const secret = rt.services.config.ln.webhookSecret;
  if (!secret) return { status: 401, note: 'LN_WEBHOOK_SECRET is not configured: every LN notification is refused' };
  const now = rt.clock.now();
  const verdict = verifyLnWebhook({ rawBody: input.rawBody, timestampHeader: input.timestamp, signatureHeader: input.signature, secret, now, company: rt.services.config.ln.company });
  if (!verdict.ok) return { status: verdict.status, note: verdict.reason };
  if (replays.has(input.signature ?? '', now.getTime())) return { status: 401, note: 'replayed signature' };
  const control = await rt.control.get();
  const settings = control.settings;
  if (control.state === 'stopped' || !settings) {
    replays.seen(input.signature ?? '', now.getTime());
    return { status: 202, note: 'synchronizer stopped: nothing queued' };
  }
  const jobs: JobEnvelope[] = [];
  for (const n of verdict.notifications) {
    const enabled = n.entity === 'Contact' ? settings.synchronizeContacts : settings.synchronizeActivities;
    if (!enabled) continue;
    for (const user of settings.users) jobs.push({ job: { kind: 'ln-change', user, entity: n.entity, id: n.id, changeType: n.changeType, occurredAt: n.occurredAt }, attempt: 1 });
  }
  if (jobs.length > 0) await rt.queue.send(jobs);
  replays.seen(input.signature ?? '', now.getTime()); // only once queued: LN's retry of a failed request is not a replay
  return { status: 202, note: `${jobs.length} jobs queued` };
}
