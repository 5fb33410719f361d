// The queue worker's use case (B-I5, B-I6, B-L1, B-L4, B-L5): run the job's synchronization, record the run and the
// user's status, and decide: done, retry later with backoff (Retry-After wins), or dead-letter with a reason.
import { ExternalServiceError } from '../domain/external-service-error';
import type { JobOutcome } from '../queue/job-queue-port';
import type { JobEnvelope, SyncJob, SyncScope } from '../queue/sync-job.schema';
import type { RunReport } from '../sync/run-report';
import type { SettingsSnapshot } from './ports/control-store-port';
import type { UserStatus } from './ports/user-status-port';
import type { Runtime } from './runtime';
import { maintainSubscriptions, renew } from './subscription-maintenance';
import { recordRun } from '../telemetry/run-metrics';

export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;

/** Runs one delivered job and acts on the outcome: a retry is scheduled as a new message, a dead letter recorded. */
export async function dispatchJob(rt: Runtime, delivered: JobEnvelope): Promise<JobOutcome> {
  const envelope = await withConfiguredUser(rt, delivered);
  const outcome = await processJob(rt, envelope);
  if (outcome.kind === 'retry') await rt.queue.schedule({ job: envelope.job, attempt: envelope.attempt + 1 }, new Date(rt.clock.now().getTime() + outcome.delayMs));
  if (outcome.kind === 'dead-letter') await recordDeadLetter(rt, envelope, outcome.reason);
  return outcome;
}

/** Every state key uses the user's address as LN's settings spell it, whatever spelling the job carried. */
async function withConfiguredUser(rt: Runtime, envelope: JobEnvelope): Promise<JobEnvelope> {
  const users = (await rt.control.get()).settings?.users ?? [];
  const configured = users.find((u) => u.toLowerCase() === envelope.job.user.toLowerCase());
  return configured && configured !== envelope.job.user ? { ...envelope, job: { ...envelope.job, user: configured } } : envelope;
}

export async function processJob(rt: Runtime, envelope: JobEnvelope): Promise<JobOutcome> {
  const control = await rt.control.get();
  if (control.state === 'stopped') return { kind: 'done' }; // B-L1: queued jobs complete without side effects
  const settings = control.settings;
  if (!settings) return { kind: 'retry', delayMs: BASE_DELAY_MS, reason: 'no LN settings read yet' };
  const configured = settings.users.find((u) => u.toLowerCase() === envelope.job.user.toLowerCase());
  if (!configured) return { kind: 'done' }; // no longer a sync user
  const job: SyncJob = { ...envelope.job, user: configured }; // one spelling for every state key
  let running: SyncScope | undefined;
  try {
    if (job.kind === 'subscription-lifecycle') await onLifecycle(rt, job);
    const summary: string[] = [];
    for (const scope of scopesOf(job, settings)) {
      running = scope;
      const report = await runScope(rt, job, scope, settings);
      recordRun(report);
      summary.push(summarize(report));
      if (worthRecording(job, report)) await rt.runs.record(report);
      await rt.statuses.update(job.user, (s) => afterRun(s, report, rt.clock.now()));
      const transient = report.errors.find((e) => e.transient);
      if (transient) return retryOrGiveUp(envelope, `${scope}: ${transient.message}`, undefined);
    }
    return { kind: 'done', summary };
  } catch (err) {
    return failed(rt, envelope, err, running);
  }
}

/** B-L4: a half LN switched off does nothing; an item job touches only its own half. */
function scopesOf(job: SyncJob, settings: SettingsSnapshot): SyncScope[] {
  const enabled = (scope: SyncScope): boolean => (scope === 'contacts' ? settings.synchronizeContacts : settings.synchronizeActivities);
  const wanted: SyncScope[] = (() => {
    switch (job.kind) {
      case 'pull':
        return [job.scope];
      case 'full-resync':
        return ['contacts', 'calendar'];
      case 'graph-change':
        return [job.resource === 'contact' ? 'contacts' : 'calendar'];
      case 'ln-change':
        return [job.entity === 'Contact' ? 'contacts' : 'calendar'];
      case 'subscription-lifecycle':
        return job.event === 'reauthorizationRequired' ? [] : ['contacts', 'calendar']; // removed or missed ⇒ resync
    }
  })();
  return wanted.filter(enabled);
}

async function runScope(rt: Runtime, job: SyncJob, scope: SyncScope, settings: SettingsSnapshot): Promise<RunReport> {
  const full = job.kind === 'full-resync' || job.kind === 'subscription-lifecycle' || (job.kind === 'pull' && job.full);
  const confirmDeletes = job.kind === 'pull' && job.confirmDeletes === true;
  const options = { full, confirmDeletes };
  if (scope === 'contacts') return rt.services.contactSync.run(job.user, options);
  return rt.services.calendarSync.run(job.user, { ...options, syncUsers: settings.users });
}

/** B-N1: reauthorizationRequired ⇒ renew; subscriptionRemoved ⇒ recreate (then resync); missed ⇒ resync. */
async function onLifecycle(rt: Runtime, job: Extract<SyncJob, { kind: 'subscription-lifecycle' }>): Promise<void> {
  const record = await rt.subscriptions.get(job.subscriptionId);
  if (job.event === 'reauthorizationRequired' && record) await renew(rt, record);
  if (job.event === 'subscriptionRemoved') {
    if (record) await rt.subscriptions.remove(record);
    await maintainSubscriptions(rt, { user: job.user });
  }
}

/** Item jobs that found nothing to do are mostly echoes of the service's own writes (B-N5): not kept in history. */
function worthRecording(job: SyncJob, r: RunReport): boolean {
  const itemJob = job.kind === 'graph-change' || job.kind === 'ln-change';
  return !itemJob || r.writes > 0 || r.errors.length > 0 || r.conflicts.length > 0 || r.needsAttention !== undefined;
}

function summarize(r: RunReport): string {
  const d = (c: RunReport['toLn']): string => `+${c.created} ~${c.updated} -${c.deleted}`;
  const notes = [r.conflicts.length ? `${r.conflicts.length} conflicts` : '', r.errors.length ? `${r.errors.length} errors` : '', r.needsAttention ? 'needs attention' : ''].filter(Boolean);
  return `${r.scope} ${r.full ? 'full' : 'incremental'}: to Exchange ${d(r.toExchange)}, to LN ${d(r.toLn)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function afterRun(status: UserStatus, report: RunReport, now: Date): UserStatus {
  const others = status.needsAttention.filter((a) => a.scope !== report.scope);
  const needsAttention = report.needsAttention ? [...others, { scope: report.scope, message: report.needsAttention, since: now.toISOString() }] : others;
  const warnings = [...new Set([...status.warnings, ...report.warnings])];
  const next: UserStatus = { ...status, mailbox: 'ok', needsAttention, warnings, updatedAt: now.toISOString() };
  const error = report.errors[0];
  if (error) next.lastError = { scope: report.scope, message: error.message, transient: error.transient, at: now.toISOString() };
  else if (next.lastError?.scope === report.scope) delete next.lastError; // recovered
  return next;
}

/** B-L7: an error is filed under the half that failed (not the job kind), so the next good run of that half clears it. */
async function failed(rt: Runtime, envelope: JobEnvelope, err: unknown, scope: SyncScope | undefined): Promise<JobOutcome> {
  const message = err instanceof Error ? err.message : String(err);
  const now = rt.clock.now();
  if (isMailboxProblem(err)) {
    // B-L5: reported, no retry storm; the next scheduled pull tries again
    await rt.statuses.update(envelope.job.user, (s) => ({ ...s, mailbox: mailboxReason(err), updatedAt: now.toISOString() }));
    return { kind: 'done' };
  }
  await rt.statuses.update(envelope.job.user, (s) => ({ ...s, lastError: { scope: scope ?? scopeName(envelope.job), message, transient: isTransient(err), at: now.toISOString() }, updatedAt: now.toISOString() }));
  if (!isTransient(err)) return { kind: 'dead-letter', reason: message };
  return retryOrGiveUp(envelope, message, err instanceof ExternalServiceError ? err.retryAfterSeconds : undefined);
}

function retryOrGiveUp(envelope: JobEnvelope, reason: string, retryAfterSeconds: number | undefined): JobOutcome {
  if (envelope.attempt >= MAX_ATTEMPTS) return { kind: 'dead-letter', reason: `gave up after ${envelope.attempt} attempts: ${reason}` };
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (envelope.attempt - 1));
  const delayMs = retryAfterSeconds !== undefined ? Math.max(retryAfterSeconds * 1000, 1000) : backoff;
  return { kind: 'retry', delayMs, reason };
}

/** Network failures, 408/409/412/429/5xx and anything not from a service can succeed later; 4xx and bad data cannot. */
function isTransient(err: unknown): boolean {
  if (err instanceof ExternalServiceError) return err.transient;
  if (err instanceof Error && /invalid|must be|expected/i.test(err.message)) return false;
  return true;
}

function isMailboxProblem(err: unknown): boolean {
  return err instanceof ExternalServiceError && err.service === 'graph' && (err.status === 404 || err.status === 403);
}

function mailboxReason(err: unknown): string {
  const e = err as ExternalServiceError;
  return e.status === 404 ? `no mailbox for this address (${e.code})` : `the mailbox refuses access (${e.code})`;
}

function scopeName(job: SyncJob): string {
  return job.kind === 'pull' ? job.scope : job.kind;
}

async function recordDeadLetter(rt: Runtime, envelope: JobEnvelope, reason: string): Promise<void> {
  const at = rt.clock.now().toISOString();
  await rt.statuses.update(envelope.job.user, (s) => ({ ...s, deadLetters: [{ job: JSON.stringify(envelope.job), reason, at }, ...s.deadLetters].slice(0, 20), updatedAt: at }));
}
