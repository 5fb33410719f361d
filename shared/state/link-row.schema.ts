// Shape of a `links` row as read back from Table Storage, parsed into a LinkRecord.
// lnValues/exValues are JSON text, possibly split over `_1`, `_2`… properties: the row schema checks the first part,
// readJson(…, linkValuesSchema) joins and decodes them to string maps.

import { z } from 'zod';

export const linkValuesSchema = z.record(z.string(), z.string());

export const linkRowSchema = z.object({
  etag: z.string().min(1),
  user: z.string(),
  kind: z.enum(['contact', 'event']),
  lnKey: z.string(),
  exchangeId: z.string(),
  state: z.enum(['linked', 'excluded']),
  lnHash: z.string(),
  exHash: z.string(),
  lnValues: z.string(),
  exValues: z.string(),
  lastAction: z.string(),
  reason: z.string(),
  updatedAt: z.string(),
  seriesMasterId: z.string().optional(),
  occurrenceDate: z.string().optional(),
  lnSeen: z.string().optional(),
  exState: z.string().optional(),
  exWrittenAt: z.string().optional(),
});

/** Reverse-index row: Exchange id → LN key of the link that owns it. */
export const linkIndexRowSchema = z.object({
  etag: z.string().min(1),
  lnKey: z.string(),
});
