// Shape of the `control` row as read back from Table Storage, parsed into a SynchronizerState.
// The settings snapshot is stored as JSON (see chunked-json.ts) and validated with settingsSnapshotSchema.

import { z } from 'zod';

export const controlRowSchema = z.object({
  etag: z.string().min(1),
  state: z.enum(['started', 'stopped']),
  changedAt: z.string(),
  settingsError: z.string().optional(),
  lastTick: z.string().optional(),
  lockToken: z.string().optional(),
  lockUntil: z.string().optional(),
});

const interval = z.object({
  number: z.number(),
  unit: z.enum(['Minutes', 'Hours', 'Days']),
});

export const settingsSnapshotSchema = z.object({
  synchronizeContacts: z.boolean(),
  synchronizeActivities: z.boolean(),
  contactPullInterval: interval,
  calendarPullInterval: interval,
  enablePushSynchronization: z.boolean(),
  users: z.array(z.string()),
  readAt: z.string(),
});
