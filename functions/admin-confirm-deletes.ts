// POST /api/admin/users/{email}/confirm-deletes (B-I3): let the held deletions run with the next full pull.
// Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { confirmDeletes } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

const paramsSchema = z.object({ email: z.string().min(3).regex(/@/, 'must be an email address') });

export const adminConfirmDeletes = adminEndpoint(async (rt, request) => {
  const { email } = paramsSchema.parse(request.params);
  const queued = await confirmDeletes(rt, email);
  if (queued === 0) return json(409, { error: `nothing is waiting for confirmation for ${email}` });
  return json(202, { queued, user: email });
});

app.http('admin-confirm-deletes', { methods: ['POST'], authLevel: 'function', route: 'admin/users/{email}/confirm-deletes', handler: adminConfirmDeletes });
