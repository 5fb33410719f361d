// Shape of a `status` row as read back from Table Storage, parsed into a UserStatus.
// Lists and the last error are stored as JSON (see chunked-json.ts); the schemas here validate the decoded values.

import { z } from 'zod';

export const userStatusRowSchema = z.object({
  etag: z.string().min(1),
  user: z.string(),
  mailbox: z.string(),
  updatedAt: z.string(),
  pushProblem: z.string().optional(),
});

export const attentionItemsSchema = z.array(
  z.object({
    scope: z.enum(['contacts', 'calendar']),
    message: z.string(),
    since: z.string(),
  }),
);

export const lastErrorSchema = z.object({
  scope: z.string(),
  message: z.string(),
  transient: z.boolean(),
  at: z.string(),
});

export const deadLettersSchema = z.array(
  z.object({
    job: z.string(),
    reason: z.string(),
    at: z.string(),
  }),
);

export const warningsSchema = z.array(z.string());

export const subscriptionProblemsSchema = z.array(
  z.object({
    resource: z.enum(['events', 'contacts']),
    message: z.string(),
    since: z.string(),
  }),
);
