// The queue as the scheduler, webhooks and admin endpoints see it: send jobs; retries are scheduled sends.
// Adapters: Service Bus (Azure) and an in-process queue with the same session, retry and de-duplication rules.
import type { JobEnvelope } from './sync-job.schema';

export interface JobQueue {
  /** Sends the envelopes (in batches where the transport has them); repeated message ids are dropped. */
  send(envelopes: JobEnvelope[]): Promise<void>;
  /** Sends one envelope to be delivered no earlier than `notBefore` (retry with backoff). */
  schedule(envelope: JobEnvelope, notBefore: Date): Promise<void>;
}

/** What the worker decided about one delivered job. */
export type JobOutcome =
  | { kind: 'done'; summary?: string[] }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'dead-letter'; reason: string };
