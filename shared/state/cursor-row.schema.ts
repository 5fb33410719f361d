// Shape of a `cursors` row as read back from Table Storage, parsed into a Cursor.
// Every position field is optional: a scope may have only an LN watermark or only a delta link.

import { z } from 'zod';

const optionalText = z.string().optional();

export const cursorRowSchema = z.object({
  etag: z.string().min(1),
  user: z.string(),
  scope: z.string(),
  lnWatermark: optionalText,
  lnDeletedWatermark: optionalText,
  deltaLink: optionalText,
  deltaFrom: optionalText,
  containerId: optionalText,
  containerName: optionalText,
  windowStart: optionalText,
  windowEnd: optionalText,
  lastFullSync: optionalText,
});
