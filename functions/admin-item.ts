// GET /api/admin/users/{email}/items/{kind}/{id} (B-I6, B-U4): an item's link, last action and why, and its last 20
// actions; id is the LN key, the Exchange id or (history only) an email. Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { itemLookup } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

const paramsSchema = z.object({ email: z.string().min(3), kind: z.enum(['contact', 'event']), id: z.string().min(1).max(1024) });

export const adminItem = adminEndpoint(async (rt, request) => {
  const params = paramsSchema.parse(request.params);
  const link = await itemLookup(rt, params.email, params.kind, params.id);
  const history = (await rt.services.history.find(params.email, params.id)).filter((h) => h.kind === params.kind);
  if (!link && history.length === 0) return json(404, { error: `no ${params.kind} ${params.id} is known for ${params.email}` });
  const items = history.map(({ entries, ...item }) => ({ ...item, history: entries }));
  if (!link) return json(200, { state: 'not linked (deleted or unlinked)', items });
  const { lnValues, exValues, etag: _etag, ...rest } = link;
  return json(200, { ...rest, ln: lnValues, exchange: exValues, items });
});

app.http('admin-item', { methods: ['GET'], authLevel: 'function', route: 'admin/users/{email}/items/{kind}/{id}', handler: adminItem });
