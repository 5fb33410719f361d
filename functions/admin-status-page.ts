// GET /api/admin/status.html: the status as a server-rendered page, readable without JavaScript, with the
// start/stop and confirm-deletes forms. Thin adapter over shared/app/status-page.ts.
import { app } from '@azure/functions';
import { statusView } from '../shared/app/admin-commands';
import { adminEndpoint } from '../shared/app/http/admin-http';
import { renderStatusPage } from '../shared/app/status-page';
import '../shared/app/azure-entry';

export const adminStatusPage = adminEndpoint(async (rt, request) => {
  const code = request.query.get('code');
  const html = renderStatusPage(await statusView(rt), code ? { actionQuery: `code=${encodeURIComponent(code)}` } : {});
  return { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } };
});

app.http('admin-status-page', { methods: ['GET'], authLevel: 'function', route: 'admin/status.html', handler: adminStatusPage });
