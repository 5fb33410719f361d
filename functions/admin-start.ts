// POST /api/admin/start (B-L1, B-L2): read and validate LN settings, mark started, queue a full sync for every user.
// Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { startSynchronizer } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

export const adminStart = adminEndpoint(async (rt) => {
  const { state, queued, warnings } = await startSynchronizer(rt);
  return json(200, { state: state.state, changedAt: state.changedAt, users: state.settings?.users ?? [], queued, warnings });
});

app.http('admin-start', { methods: ['POST'], authLevel: 'function', route: 'admin/start', handler: adminStart });
