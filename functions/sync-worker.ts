// Service Bus queue trigger "sync-worker" with sessions (one session per sync user, B-P3): runs one job.
// Thin adapter: parse the message (zod), dispatch it; retries are scheduled as new messages, dead letters recorded.
import { app, type InvocationContext } from '@azure/functions';
import { dispatchJob } from '../shared/app/job-worker';
import { getRuntime } from '../shared/app/runtime-provider';
import { parseJobEnvelope } from '../shared/queue/sync-job.schema';
import '../shared/app/azure-entry';

export async function syncWorker(message: unknown, context: InvocationContext): Promise<void> {
  const envelope = parseJobEnvelope(message); // a malformed message throws: Service Bus dead-letters it after its retries
  const outcome = await dispatchJob(await getRuntime(), envelope);
  const label = `${envelope.job.kind} for ${envelope.job.user} (attempt ${envelope.attempt})`;
  if (outcome.kind === 'done') context.log(`${label}: ${outcome.summary?.join('; ') || 'nothing to do'}`);
  else if (outcome.kind === 'retry') context.warn(`${label}: retry in ${Math.round(outcome.delayMs / 1000)} s: ${outcome.reason}`);
  else context.error(`${label}: dead-lettered: ${outcome.reason}`);
}

app.serviceBusQueue('sync-worker', {
  connection: 'ServiceBusConnection',
  queueName: '%SYNC_QUEUE_NAME%',
  isSessionsEnabled: true,
  handler: syncWorker,
});
