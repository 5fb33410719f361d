// POST /api/admin/users/{email}/sync {"scope":"contacts"|"calendar"|"all","full":bool}: queue a pull now.
// Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { syncNow } from '../shared/app/admin-commands';
import { adminEndpoint, json, jsonBody } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

const bodySchema = z.object({ scope: z.enum(['contacts', 'calendar', 'all']).default('all'), full: z.boolean().default(false) }).strict();
const paramsSchema = z.object({ email: z.string().min(3).regex(/@/, 'must be an email address') });

export const adminSync = adminEndpoint(async (rt, request) => {
  const { email } = paramsSchema.parse(request.params);
  const body = bodySchema.parse(await jsonBody(request));
  const queued = await syncNow(rt, email, body.scope, body.full);
  return json(202, { queued, user: email, scope: body.scope, full: body.full });
});

app.http('admin-sync', { methods: ['POST'], authLevel: 'function', route: 'admin/users/{email}/sync', handler: adminSync });
