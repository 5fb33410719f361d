// POST /api/admin/stop (B-L1): timers then queue nothing, webhooks queue nothing, queued jobs finish without effect.
// Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { stopSynchronizer } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

export const adminStop = adminEndpoint(async (rt) => {
  const state = await stopSynchronizer(rt);
  return json(200, { state: state.state, changedAt: state.changedAt });
});

app.http('admin-stop', { methods: ['POST'], authLevel: 'function', route: 'admin/stop', handler: adminStop });
