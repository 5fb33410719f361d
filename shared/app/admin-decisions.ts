// Decisions an administrator takes on one user (B-U2, B-U3): reject held deletions (the items stay, the hold is
// cleared, later runs keep them) and retry a dead letter (its work is queued again as a fresh job).
import { syncJobSchema, type JobEnvelope, type SyncJob, type SyncScope } from '../queue/sync-job.schema';
import { DELETION_REJECTED, KEPT_REASON } from '../sync/held-deletions';
import type { LinkKind } from '../sync/ports/link-store-port';
import { AdminError } from './admin-commands';
import type { Runtime } from './runtime';

export interface RejectResult {
  scopes: SyncScope[];
  /** Items whose links now say the deletion was rejected. */
  kept: number;
}

/**
 * B-U3 reject: every held item's link is marked DELETION_REJECTED, so later runs turn its deletion into a no-op
 * (see held-deletions.ts); the hold is cleared; when started, a pull per scope lets the cursors move on.
 */
export async function rejectDeletes(rt: Runtime, user: string, only?: SyncScope): Promise<RejectResult> {
  const status = await rt.statuses.get(user);
  const scopes = [...new Set((status?.needsAttention ?? []).map((a) => a.scope))].filter((s) => only === undefined || s === only);
  if (scopes.length === 0) throw new AdminError(409, `nothing is waiting for a decision for ${user}`);
  const now = rt.clock.now();
  let kept = 0;
  for (const scope of scopes) {
    const held = (await rt.runs.latest(user, scope, 5)).find((r) => r.needsAttention !== undefined)?.held ?? [];
    const kind: LinkKind = scope === 'contacts' ? 'contact' : 'event';
    for (const item of held) {
      const link = await rt.services.links.get(user, kind, item.lnKey);
      if (!link) continue;
      await rt.services.links.put({ ...link, lastAction: DELETION_REJECTED, reason: KEPT_REASON, updatedAt: now.toISOString() });
      kept++;
    }
  }
  await rt.statuses.update(user, (s) => ({ ...s, needsAttention: s.needsAttention.filter((a) => !scopes.includes(a.scope)), updatedAt: now.toISOString() }));
  if ((await rt.control.get()).state === 'started') {
    await rt.queue.send(scopes.map((scope) => ({ job: { kind: 'pull', user, scope, full: false, dueAt: now.toISOString() }, attempt: 1 })));
  }
  return { scopes, kept };
}

/** B-U2: the dead letter recorded at `at` is queued again as a new job (attempt 1) and leaves the list. */
export async function retryDeadLetter(rt: Runtime, user: string, at: string): Promise<SyncJob> {
  if ((await rt.control.get()).state === 'stopped') throw new AdminError(409, 'the synchronizer is stopped: start it first');
  const letter = (await rt.statuses.get(user))?.deadLetters.find((d) => d.at === at);
  if (!letter) throw new AdminError(404, `no dead letter of ${user} from ${at}`);
  let parsed: SyncJob;
  try {
    parsed = syncJobSchema.parse(JSON.parse(letter.job));
  } catch {
    throw new AdminError(422, 'the dead letter does not hold a job this version understands; start a synchronization instead');
  }
  const job = freshCopy(parsed, rt.clock.now().toISOString());
  const envelope: JobEnvelope = { job, attempt: 1 };
  await rt.queue.send([envelope]);
  await rt.statuses.update(user, (s) => ({ ...s, deadLetters: s.deadLetters.filter((d) => d.at !== at), updatedAt: rt.clock.now().toISOString() }));
  return job;
}

/** A new message id: pulls get a new due time; an item notification becomes the pull of its half (a hint, B-N4). */
function freshCopy(job: SyncJob, now: string): SyncJob {
  switch (job.kind) {
    case 'pull':
      return { ...job, dueAt: now };
    case 'full-resync':
      return { ...job, requestedAt: now };
    case 'graph-change':
      return { kind: 'pull', user: job.user, scope: job.resource === 'contact' ? 'contacts' : 'calendar', full: false, dueAt: now };
    case 'ln-change':
      return { kind: 'pull', user: job.user, scope: job.entity === 'Contact' ? 'contacts' : 'calendar', full: false, dueAt: now };
    case 'subscription-lifecycle':
      return { kind: 'full-resync', user: job.user, reason: 'dead letter retried', requestedAt: now };
  }
}
