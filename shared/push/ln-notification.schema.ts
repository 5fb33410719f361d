// The body LN posts to the service's LN webhook (ln-api.md, "Push notifications from LN").
// One notification, or `{"value":[…]}` with 1…100 of them; each names a company, entity, key and kind of change.
import { z } from 'zod';

/** The most notifications one request may carry. */
export const LN_NOTIFICATION_BATCH_MAX = 100;

export const lnNotificationSchema = z.object({
  company: z.string().min(1).max(20),
  entity: z.enum(['Activity', 'Contact']),
  id: z.string().min(1).max(100),
  changeType: z.enum(['created', 'updated', 'deleted']),
  occurredAt: z.iso.datetime({ offset: true }),
});

export const lnNotificationBatchSchema = z.object({
  value: z.array(lnNotificationSchema).min(1).max(LN_NOTIFICATION_BATCH_MAX),
});

/** Either form; a body with a `value` property is a batch. */
export const lnNotificationBodySchema = z.union([lnNotificationBatchSchema, lnNotificationSchema]);

export type LnNotification = z.infer<typeof lnNotificationSchema>;
export type LnNotificationBody = z.infer<typeof lnNotificationBodySchema>;
