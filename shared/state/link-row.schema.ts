// Shape of a `links` row as read back from Table Storage, parsed into a LinkRecord.
// lnValues/exValues are stored as JSON text and must decode to string maps.

import { z } from 'zod';

const jsonStringMap = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.string()));

export const linkRowSchema = z.object({
  etag: z.string().min(1),
  user: z.string(),
  kind: z.enum(['contact', 'event']),
  lnKey: z.string(),
  exchangeId: z.string(),
  state: z.enum(['linked', 'excluded']),
  lnHash: z.string(),
  exHash: z.string(),
  lnValues: jsonStringMap,
  exValues: jsonStringMap,
  lastAction: z.string(),
  reason: z.string(),
  updatedAt: z.string(),
  seriesMasterId: z.string().optional(),
  occurrenceDate: z.string().optional(),
  lnSeen: z.string().optional(),
});

/** Reverse-index row: Exchange id → LN key of the link that owns it. */
export const linkIndexRowSchema = z.object({
  etag: z.string().min(1),
  lnKey: z.string(),
});
