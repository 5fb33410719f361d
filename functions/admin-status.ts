// GET /api/admin/status (B-I6): synchronizer state, settings snapshot, and per sync user runs, attention, failures.
// Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { statusView } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import '../shared/app/azure-entry';

export const adminStatus = adminEndpoint(async (rt) => json(200, await statusView(rt)));

app.http('admin-status', { methods: ['GET'], authLevel: 'function', route: 'admin/status', handler: adminStatus });
