// Every job the queue carries, as zod schemas: pulls from the scheduler, item changes from webhooks, full resyncs.
// Each job belongs to one sync user (the Service Bus session), and its message id is deterministic.
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Also the Service Bus session id, which allows 128 characters. */
const user = z.string().trim().min(3).max(128).regex(/@/, 'must be an email address');
const isoInstant = z.iso.datetime({ offset: true });

export const SYNC_SCOPES = ['contacts', 'calendar'] as const;
export type SyncScope = (typeof SYNC_SCOPES)[number];

export const pullJobSchema = z.object({
  kind: z.literal('pull'),
  user,
  scope: z.enum(SYNC_SCOPES),
  full: z.boolean().default(false),
  /** The clock-aligned slot this pull belongs to (B-P1), or the moment an administrator asked for it. */
  dueAt: isoInstant,
  confirmDeletes: z.boolean().optional(),
});

export const graphChangeJobSchema = z.object({
  kind: z.literal('graph-change'),
  user,
  resource: z.enum(['contact', 'event']),
  id: z.string().min(1),
  changeType: z.enum(['created', 'updated', 'deleted']),
  subscriptionId: z.string().min(1),
  /** The item's `@odata.etag` from the notification, when Graph sent one: the same change notified twice is one job. */
  etag: z.string().optional(),
  receivedAt: isoInstant,
});

export const lnChangeJobSchema = z.object({
  kind: z.literal('ln-change'),
  user,
  entity: z.enum(['Contact', 'Activity']),
  id: z.string().min(1),
  changeType: z.enum(['created', 'updated', 'deleted']),
  occurredAt: isoInstant,
  /** A delayed re-run for a repeated request: `{request hash}#{repeat number}`, so each re-run is its own message. */
  repeat: z.string().regex(/^[0-9a-f]{16}#\d{1,6}$/, 'must be {16 hex digits}#{repeat number}').optional(),
});

export const subscriptionLifecycleJobSchema = z.object({
  kind: z.literal('subscription-lifecycle'),
  user,
  subscriptionId: z.string().min(1),
  event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
  receivedAt: isoInstant,
});

export const fullResyncJobSchema = z.object({
  kind: z.literal('full-resync'),
  user,
  reason: z.string().min(1),
  requestedAt: isoInstant,
});

export const syncJobSchema = z.discriminatedUnion('kind', [pullJobSchema, graphChangeJobSchema, lnChangeJobSchema, subscriptionLifecycleJobSchema, fullResyncJobSchema]);

export type SyncJob = z.infer<typeof syncJobSchema>;
export type PullJob = z.infer<typeof pullJobSchema>;

/** The envelope on the queue: the job plus how often it was attempted (retries are new scheduled messages). */
export const jobEnvelopeSchema = z.object({
  job: syncJobSchema,
  attempt: z.number().int().min(1).default(1),
});

export type JobEnvelope = z.infer<typeof jobEnvelopeSchema>;

/** Parses a queue message body; the error names every bad field. */
export function parseJobEnvelope(body: unknown): JobEnvelope {
  const result = jobEnvelopeSchema.safeParse(typeof body === 'string' ? safeJson(body) : body);
  if (result.success) return result.data;
  throw new Error(`invalid job message: ${result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Service Bus session id: one per sync user, so one user's jobs never run at the same time (B-P3). */
export function sessionIdOf(job: SyncJob): string {
  return job.user.toLowerCase();
}

/**
 * Deterministic message id: the same tick, request or notification twice is one message (B-P2, duplicate detection).
 * Service Bus allows 128 characters, so the key is hashed: `{kind}:{sha256 hex}` (at most 85 characters).
 */
export function messageIdOf(envelope: JobEnvelope): string {
  return `${envelope.job.kind}:${createHash('sha256').update(messageKeyOf(envelope)).digest('hex')}`;
}

/** The readable key behind a message id. */
export function messageKeyOf(envelope: JobEnvelope): string {
  const { job } = envelope;
  const base = (() => {
    switch (job.kind) {
      case 'pull':
        return `pull|${job.user.toLowerCase()}|${job.scope}|${job.full ? 'full' : 'inc'}|${job.dueAt}`;
      case 'graph-change':
        return `graph|${job.user.toLowerCase()}|${job.resource}|${job.id}|${job.changeType}|${job.etag ?? job.receivedAt.slice(0, 19)}`;
      case 'ln-change':
        return `ln|${job.user.toLowerCase()}|${job.entity}|${job.id}|${job.changeType}|${job.occurredAt}${job.repeat ? `|repeat${job.repeat}` : ''}`;
      case 'subscription-lifecycle':
        return `lifecycle|${job.user.toLowerCase()}|${job.subscriptionId}|${job.event}|${job.receivedAt.slice(0, 19)}`;
      case 'full-resync':
        return `resync|${job.user.toLowerCase()}|${job.reason}|${job.requestedAt.slice(0, 19)}`;
    }
  })();
  return envelope.attempt > 1 ? `${base}|retry${envelope.attempt}` : base;
}
