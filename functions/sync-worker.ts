// Service Bus queue trigger "sync-worker" with sessions (one session per sync user, B-P3): runs one job.
// Thin adapter: parse the message (zod), dispatch it; retries are scheduled as new messages, dead letters recorded.
import { app, type InvocationContext } from '@azure/functions';
import { dispatchJob } from '../shared/app/job-worker';
import { getRuntime } from '../shared/app/runtime-provider';
import { messageIdOf, parseJobEnvelope, type JobEnvelope } from '../shared/queue/sync-job.schema';
import { currentTraceId, traceJob } from '../shared/telemetry/job-telemetry';
import '../shared/app/azure-entry';

export async function syncWorker(message: unknown, context: InvocationContext): Promise<void> {
  const envelope = parseJobEnvelope(message); // a malformed message throws: Service Bus dead-letters it after its retries
  await traceJob(jobTelemetry(envelope, context), async () => {
    const outcome = await dispatchJob(await getRuntime(), envelope);
    logOutcome(envelope, outcome, context);
    return outcome;
  });
}

function logOutcome(envelope: JobEnvelope, outcome: Awaited<ReturnType<typeof dispatchJob>>, context: InvocationContext): void {
  const trace = currentTraceId();
  const label = `${envelope.job.kind} for ${envelope.job.user} (attempt ${envelope.attempt}${trace ? `, trace ${trace}` : ''})`;
  if (outcome.kind === 'done') context.log(`${label}: ${outcome.summary?.join('; ') || 'nothing to do'}`);
  else if (outcome.kind === 'retry') context.warn(`${label}: retry in ${Math.round(outcome.delayMs / 1000)} s: ${outcome.reason}`);
  else context.error(`${label}: dead-lettered: ${outcome.reason}`);
}

/** What the job's span carries; the trigger metadata gives Service Bus's message id and enqueued time when present. */
function jobTelemetry(envelope: JobEnvelope, context: InvocationContext) {
  const meta = context.triggerMetadata ?? {};
  const enqueued = typeof meta['enqueuedTimeUtc'] === 'string' ? new Date(meta['enqueuedTimeUtc']) : undefined;
  const job = envelope.job;
  return {
    kind: job.kind,
    user: job.user,
    ...(job.kind === 'pull' ? { scope: job.scope } : {}),
    attempt: envelope.attempt,
    messageId: typeof meta['messageId'] === 'string' ? meta['messageId'] : messageIdOf(envelope),
    ...(enqueued && !Number.isNaN(enqueued.getTime()) ? { enqueuedAt: enqueued } : {}),
  };
}

app.serviceBusQueue('sync-worker', {
  connection: 'ServiceBusConnection',
  queueName: '%SYNC_QUEUE_NAME%',
  isSessionsEnabled: true,
  handler: syncWorker,
});
