// GET /api/admin/status.html: the console's overview (B-U1), server-rendered, readable without JavaScript; signed in
// by `?code=` once, then by the session cookie. Thin adapter over shared/app/console/console-data.ts.
import { app } from '@azure/functions';
import { z } from 'zod';
import { overview } from '../shared/app/console/console-data';
import { consolePage } from '../shared/app/http/console-http';
import { renderStatusPage } from '../shared/app/status-page';
import { HEALTH_ORDER } from '../shared/app/user-health';
import '../shared/app/azure-entry';

const querySchema = z.object({
  q: z.string().max(200).default(''),
  health: z.enum(HEALTH_ORDER).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});

export const adminStatusPage = consolePage(async ({ rt, request, session, flash }) => {
  const q = querySchema.parse(Object.fromEntries(request.query.entries()));
  const view = await overview(rt, { search: q.q, health: q.health, page: q.page });
  return renderStatusPage(view, { now: new Date(view.now), csrf: session?.csrf, flash });
});

// Anonymous for the Functions host: the console checks ADMIN_TOKEN itself, so a session cookie can stand in for the key.
app.http('admin-status-page', { methods: ['GET'], authLevel: 'anonymous', route: 'admin/status.html', handler: adminStatusPage });
