// Shape of a RunReport as stored in the `runs` table (JSON), mirroring shared/sync/run-report.ts.
// `totals` appears only when the store capped a list: it holds the full lengths before capping.

import { z } from 'zod';

const directionCounts = z.object({
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
});

const conflictRecord = z.object({
  field: z.string(),
  lnValue: z.string(),
  exchangeValue: z.string(),
  winner: z.enum(['ln', 'exchange']),
  lnKey: z.string(),
  exchangeId: z.string(),
});

const itemError = z.object({
  lnKey: z.string().optional(),
  exchangeId: z.string().optional(),
  action: z.string(),
  message: z.string(),
  transient: z.boolean(),
});

export const listTotalsSchema = z.object({
  conflicts: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
});

export const storedRunReportSchema = z.object({
  user: z.string(),
  scope: z.enum(['contacts', 'calendar']),
  full: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  toExchange: directionCounts,
  toLn: directionCounts,
  conflicts: z.array(conflictRecord),
  errors: z.array(itemError),
  warnings: z.array(z.string()),
  needsAttention: z.string().optional(),
  held: z.array(z.object({ lnKey: z.string(), exchangeId: z.string().optional(), name: z.string().optional() })).optional(),
  writes: z.number().int().nonnegative(),
  totals: listTotalsSchema.optional(),
});

