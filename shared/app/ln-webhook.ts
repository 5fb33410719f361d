// The LN webhook's use case (B-N3): verify signature and timestamp window, then queue one job per notification and
// sync user. A request received before (any instance) is answered 202 and queues nothing; refused ones queue nothing.
import { LN_TIMESTAMP_TOLERANCE_MS, verifyLnWebhook } from '../push/ln-webhook-verifier';
import { TableSeenRequestStore } from '../state/table-seen-request-store';
import type { JobEnvelope } from '../queue/sync-job.schema';
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
  const secret = rt.services.config.ln.webhookSecret;
  if (!secret) return { status: 401, note: 'LN_WEBHOOK_SECRET is not configured: every LN notification is refused' };
  const now = rt.clock.now();
  const verdict = verifyLnWebhook({ rawBody: input.rawBody, timestampHeader: input.timestamp, signatureHeader: input.signature, secret, now, company: rt.services.config.ln.company });
  if (!verdict.ok) return { status: verdict.status, note: verdict.reason };
  // Two edits in one second give byte-identical signed requests: accepted, their work is queued once (jobs re-read LN).
  const received = new TableSeenRequestStore(rt.services.tables);
  const signature = input.signature ?? '';
  if (await received.seen(signature, now, REPLAY_WINDOW_MS)) return { status: 202, note: 'already received: nothing queued again' };
  const control = await rt.control.get();
  const settings = control.settings;
  if (control.state === 'stopped' || !settings) {
    return { status: 202, note: 'synchronizer stopped: nothing queued' };
  }
  const jobs: JobEnvelope[] = [];
  for (const n of verdict.notifications) {
    const enabled = n.entity === 'Contact' ? settings.synchronizeContacts : settings.synchronizeActivities;
    if (!enabled) continue;
    for (const user of settings.users) jobs.push({ job: { kind: 'ln-change', user, entity: n.entity, id: n.id, changeType: n.changeType, occurredAt: n.occurredAt }, attempt: 1 });
  }
  if (jobs.length > 0) await rt.queue.send(jobs);
  await received.record(signature, now); // only once queued: LN's retry of a failed request still goes through
  return { status: 202, note: `${jobs.length} jobs queued` };
}
