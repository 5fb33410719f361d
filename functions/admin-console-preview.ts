// GET /api/admin/console/users/{email}/preview/{scope}: the user's console page with a preview of a synchronization
// (B-U5). Thin adapter over shared/app/preview.ts and the user page.
import { app } from '@azure/functions';
import { z } from 'zod';
import { userPage } from '../shared/app/console/console-data';
import { plainError } from '../shared/app/console/plain-words';
import { renderPreview } from '../shared/app/console/preview-section';
import { escapeHtml } from '../shared/app/console/console-layout';
import { renderUserPage } from '../shared/app/console/user-page';
import { consolePage } from '../shared/app/http/console-http';
import { previewSync } from '../shared/app/preview';
import { ExternalServiceError } from '../shared/domain/external-service-error';
import '../shared/app/azure-entry';

const paramsSchema = z.object({ email: z.string().min(3).max(320).regex(/@/, 'must be an email address'), scope: z.enum(['contacts', 'calendar']) });

export const adminConsolePreview = consolePage(async ({ rt, request, session, flash }) => {
  const { email, scope } = paramsSchema.parse(request.params);
  const view = await userPage(rt, email);
  let section: string;
  try {
    section = renderPreview(await previewSync(rt, email, scope));
  } catch (err) {
    if (!(err instanceof ExternalServiceError)) throw err;
    const system = err.service === 'ln' ? 'LN' : err.service === 'graph' ? 'Exchange' : 'Table Storage';
    section = `<section id="preview" class="alert"><h2>Preview: ${escapeHtml(scope)}</h2><p>The preview could not read ${system}: ${escapeHtml(plainError(err.message, system))}</p></section>`;
  }
  return renderUserPage(view, { now: new Date(view.now), csrf: session?.csrf, flash }, [section]);
});

app.http('admin-console-preview', { methods: ['GET'], authLevel: 'anonymous', route: 'admin/console/users/{email}/preview/{scope}', handler: adminConsolePreview });
