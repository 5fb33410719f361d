// GET /api/admin/console/users/{email}: the console's page for one sync user (B-U1, B-U3).
// Thin adapter over shared/app/console/console-data.ts and user-page.ts.
import { app } from '@azure/functions';
import { userPage } from '../shared/app/console/console-data';
import { renderUserPage } from '../shared/app/console/user-page';
import { consolePage, userParamsSchema } from '../shared/app/http/console-http';
import '../shared/app/azure-entry';

export const adminConsoleUser = consolePage(async ({ rt, request, session, flash }) => {
  const { email } = userParamsSchema.parse(request.params);
  const view = await userPage(rt, email);
  return renderUserPage(view, { now: new Date(view.now), csrf: session?.csrf, flash });
});

app.http('admin-console-user', { methods: ['GET'], authLevel: 'anonymous', route: 'admin/console/users/{email}', handler: adminConsoleUser });
