// GET /api/admin/users/{email}/items/{kind}/{id} (B-I6): an item's link, last action and why; id is the LN key
// or the Exchange id. Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { itemLookup } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

const paramsSchema = z.object({ email: z.string().min(3), kind: z.enum(['contact', 'event']), id: z.string().min(1) });

export const adminItem = adminEndpoint(async (rt, request) => {
  const params = paramsSchema.parse(request.params);
  const link = await itemLookup(rt, params.email, params.kind, params.id);
  if (!link) return json(404, { error: `no ${params.kind} ${params.id} is known for ${params.email}` });
  const { lnValues, exValues, etag: _etag, ...rest } = link;
  return json(200, { ...rest, ln: lnValues, exchange: exValues });
});

app.http('admin-item', { methods: ['GET'], authLevel: 'function', route: 'admin/users/{email}/items/{kind}/{id}', handler: adminItem });
