// The synchronizer's tracer and metric instruments (B-O1, B-O2), from the global OpenTelemetry API: no-ops until a
// provider is registered (Azure Monitor in Azure, an in-memory one in tests). Rebuilt when the provider changes.
import { metrics, trace, type Counter, type Histogram, type MeterProvider, type Tracer } from '@opentelemetry/api';

export const TELEMETRY_SCOPE = 'ln-exchange-sync';

export interface Instruments {
  jobs: Counter;
  jobDuration: Histogram;
  queueDelay: Histogram;
  runs: Counter;
  itemsWritten: Counter;
  conflicts: Counter;
  deletionsHeld: Counter;
  throttled: Counter;
  webhookNotifications: Counter;
  subscriptionFailures: Counter;
}

let cached: { provider: MeterProvider; instruments: Instruments } | undefined;

export function tracer(): Tracer {
  return trace.getTracer(TELEMETRY_SCOPE);
}

export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider === provider) return cached.instruments;
  const meter = provider.getMeter(TELEMETRY_SCOPE);
  const built: Instruments = {
    jobs: meter.createCounter('sync.jobs', { description: 'Sync jobs handled, by kind and outcome (done, retry, dead-letter, error)' }),
    jobDuration: meter.createHistogram('sync.job.duration', { unit: 'ms', description: 'Time one sync job took' }),
    queueDelay: meter.createHistogram('sync.queue.delay', { unit: 'ms', description: 'Time from enqueued to started' }),
    runs: meter.createCounter('sync.runs', { description: 'Synchronization runs per user and scope, by result (ok, error, attention)' }),
    itemsWritten: meter.createCounter('sync.items.written', { description: 'Items written, per direction, kind and action' }),
    conflicts: meter.createCounter('sync.conflicts', { description: 'Fields changed on both sides and settled by the conflict policy' }),
    deletionsHeld: meter.createCounter('sync.deletions.held', { description: 'Deletions held back by the mass-deletion guard' }),
    throttled: meter.createCounter('sync.requests.throttled', { description: 'Requests answered 429 (or 503 with Retry-After), per service' }),
    webhookNotifications: meter.createCounter('sync.webhook.notifications', { description: 'Webhook notifications accepted and rejected, per source' }),
    subscriptionFailures: meter.createCounter('sync.subscription.failures', { description: 'Graph subscriptions that could not be created or renewed' }),
  };
  cached = { provider, instruments: built };
  return built;
}
