// GET /api/admin/console/users/{email}/items?id=…: the user's console page with an item's history (B-U4), found by
// LN key, email or Exchange id. Thin adapter over the item-history store and the user page.
import { app } from '@azure/functions';
import { z } from 'zod';
import { userPage } from '../shared/app/console/console-data';
import { renderHistory } from '../shared/app/console/history-section';
import { renderUserPage } from '../shared/app/console/user-page';
import { consolePage, userParamsSchema } from '../shared/app/http/console-http';
import '../shared/app/azure-entry';

const querySchema = z.object({ id: z.string().trim().min(1, 'enter an LN key, email or Exchange id').max(1024) });

export const adminConsoleItem = consolePage(async ({ rt, request, session, flash }) => {
  const { email } = userParamsSchema.parse(request.params);
  const { id } = querySchema.parse(Object.fromEntries(request.query.entries()));
  const [view, items] = await Promise.all([userPage(rt, email), rt.services.history.find(email, id)]);
  const now = new Date(view.now);
  return renderUserPage(view, { now, csrf: session?.csrf, flash }, [renderHistory(id, items, now)]);
});

app.http('admin-console-item', { methods: ['GET'], authLevel: 'anonymous', route: 'admin/console/users/{email}/items', handler: adminConsoleItem });
