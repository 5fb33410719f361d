// Graph change and lifecycle notifications as they arrive at the webhook, validated with zod.
// Only what the service uses is required; unknown fields are ignored.
import { z } from 'zod';

export const graphChangeNotificationSchema = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().optional(),
  changeType: z.enum(['created', 'updated', 'deleted']),
  resource: z.string().min(1),
  resourceData: z.object({ id: z.string().min(1), '@odata.etag': z.string().optional() }).loose(),
}).loose();

export const graphLifecycleNotificationSchema = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().optional(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
}).loose();

export const graphNotificationBodySchema = z.object({
  value: z.array(z.union([graphLifecycleNotificationSchema, graphChangeNotificationSchema])).min(1).max(1000),
}).loose();

export type GraphChangeNotification = z.infer<typeof graphChangeNotificationSchema>;
export type GraphLifecycleNotification = z.infer<typeof graphLifecycleNotificationSchema>;
