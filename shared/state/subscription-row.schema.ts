// Shape of a `subscriptions` row as read back from Table Storage, parsed into a SubscriptionRecord.
// Validation messages name fields only, never values: the row carries the secret clientState.

import { z } from 'zod';

export const subscriptionRowSchema = z.object({
  etag: z.string().min(1),
  user: z.string().min(1),
  resource: z.enum(['events', 'contacts']),
  subscriptionId: z.string().min(1),
  clientState: z.string().min(1),
  resourcePath: z.string().min(1),
  expiresAt: z.string().min(1),
  createdAt: z.string().min(1),
});
