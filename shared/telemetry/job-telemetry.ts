// One trace per sync job (B-O1): a span carrying user, scope, kind, attempt and message id, under which the LN,
// Graph and Table Storage calls nest; records the job's duration, queue delay and outcome (B-O2).
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { instruments, tracer } from './instruments';

export interface JobTelemetry {
  kind: string;
  user: string;
  scope?: string;
  attempt: number;
  messageId: string;
  /** When the message was enqueued (Service Bus trigger metadata), for the queue delay. */
  enqueuedAt?: Date;
}

/** The id to print in log lines so they can be found with the trace; empty outside a recorded span. */
export function currentTraceId(): string {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId ?? '';
  return /^0+$/.test(id) ? '' : id;
}

/** Runs `work` inside the job's span; `work` returns its outcome kind (done, retry, dead-letter). */
export async function traceJob<T extends { kind: string }>(job: JobTelemetry, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const m = instruments();
  const attrs = { 'sync.job.kind': job.kind, ...(job.scope ? { 'sync.scope': job.scope } : {}) };
  if (job.enqueuedAt) m.queueDelay.record(Math.max(0, started - job.enqueuedAt.getTime()), attrs);
  return tracer().startActiveSpan(`sync job ${job.kind}`, {
    kind: SpanKind.CONSUMER,
    attributes: {
      ...attrs,
      'sync.user': job.user,
      'sync.attempt': job.attempt,
      'messaging.message.id': job.messageId,
      'messaging.system': 'servicebus',
    },
  }, async (span) => {
    let outcome = 'error';
    try {
      const result = await work();
      outcome = result.kind;
      span.setAttribute('sync.outcome', outcome);
      if (outcome === 'dead-letter') span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
      return result;
    } catch (err) {
      span.recordException(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      m.jobs.add(1, { ...attrs, 'sync.outcome': outcome });
      m.jobDuration.record(Date.now() - started, { ...attrs, 'sync.outcome': outcome });
      span.end();
    }
  });
}
