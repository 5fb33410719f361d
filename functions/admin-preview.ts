// GET /api/admin/users/{email}/preview/{scope} (B-U5): what a synchronization of that user and scope would do now,
// item by item with reasons and counts, computed from live data without writing. Thin adapter over shared/app/preview.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { ExternalServiceError } from '../shared/domain/external-service-error';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import { previewSync } from '../shared/app/preview';
import '../shared/app/azure-entry';

export const previewParamsSchema = z.object({ email: z.string().min(3).max(320).regex(/@/, 'must be an email address'), scope: z.enum(['contacts', 'calendar']) });

export const adminPreview = adminEndpoint(async (rt, request) => {
  const { email, scope } = previewParamsSchema.parse(request.params);
  try {
    return json(200, await previewSync(rt, email, scope));
  } catch (err) {
    if (err instanceof ExternalServiceError) return json(502, { error: `the preview could not read ${err.service === 'ln' ? 'LN' : err.service === 'graph' ? 'Exchange' : err.service}: ${err.message}` });
    throw err;
  }
});

app.http('admin-preview', { methods: ['GET'], authLevel: 'function', route: 'admin/users/{email}/preview/{scope}', handler: adminPreview });
