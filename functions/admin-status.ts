// GET /api/admin/status (B-I6): synchronizer state, settings snapshot, and per sync user runs, attention, failures.
// One page of users at a time (`?page=&pageSize=`, or `?user=`). Thin adapter over shared/app/admin-commands.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { statusView } from '../shared/app/admin-commands';
import { adminEndpoint, json } from '../shared/app/http/admin-http';
import { STATUS_MAX_PAGE_SIZE } from '../shared/app/status-view';
import '../shared/app/azure-entry';

const querySchema = z.object({
  page: z.coerce.number().int('page must be a whole number').min(1, 'page starts at 1').optional(),
  pageSize: z.coerce.number().int('pageSize must be a whole number').min(1).max(STATUS_MAX_PAGE_SIZE, `pageSize is at most ${STATUS_MAX_PAGE_SIZE}`).optional(),
  user: z.string().min(3).regex(/@/, 'user must be an email address').optional(),
}).strict();

export const adminStatus = adminEndpoint(async (rt, request) => {
  const query = querySchema.parse(Object.fromEntries(request.query.entries()));
  return json(200, await statusView(rt, query));
});

app.http('admin-status', { methods: ['GET'], authLevel: 'function', route: 'admin/status', handler: adminStatus });
