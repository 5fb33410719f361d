// POST /api/admin/console/{action}: the console's forms (B-U2) — start, stop, sync now, confirm or reject held
// deletions, retry a dead letter — each answered by a redirect back to the page with a message (post/redirect/get).
import { app } from '@azure/functions';
import { z } from 'zod';
import { confirmDeletes, startSynchronizer, stopSynchronizer, syncNow } from '../shared/app/admin-commands';
import { rejectDeletes, retryDeadLetter } from '../shared/app/admin-decisions';
import { consoleAction, safeBack, type ConsoleAction } from '../shared/app/http/console-http';
import '../shared/app/azure-entry';

const email = z.string().min(3).max(320).regex(/@/, 'must be an email address');
const scope = z.enum(['contacts', 'calendar']);
const userForm = z.object({ user: email, back: z.string().optional() });
const scopeName = (s: string): string => (s === 'all' ? 'contacts and calendar' : s);

const actions: Record<string, ConsoleAction> = {
  start: async ({ rt }, form) => {
    const { queued, state, warnings } = await startSynchronizer(rt);
    const users = state.settings?.users.length ?? 0;
    const push = warnings.length === 0 ? '' : ` Push is not working for ${warnings.length} subscriptions (see each user's page): ${warnings[0] ?? ''}`;
    return { back: safeBack(form.get('back')), message: `Synchronizer started for ${users} sync users: ${queued} full synchronizations queued.${push}` };
  },
  stop: async ({ rt }, form) => {
    await stopSynchronizer(rt);
    return { back: safeBack(form.get('back')), message: 'Synchronizer stopped: nothing new is queued, and queued work finishes without effect.' };
  },
  sync: async ({ rt }, form) => {
    const f = userForm.extend({ scope: z.enum(['contacts', 'calendar', 'all']), full: z.enum(['true', 'false']).default('false') }).parse(Object.fromEntries(form));
    await syncNow(rt, f.user, f.scope, f.full === 'true');
    return { back: safeBack(form.get('back')), message: `Queued a ${f.full === 'true' ? 'full synchronization' : 'synchronization of the changes'} of ${scopeName(f.scope)} for ${f.user}.` };
  },
  'confirm-deletes': async ({ rt }, form) => {
    const f = userForm.extend({ scope }).parse(Object.fromEntries(form));
    const queued = await confirmDeletes(rt, f.user, f.scope);
    const message = queued === 0 ? `Nothing of ${f.scope} was waiting for confirmation for ${f.user}.` : `Confirmed: the held ${f.scope} deletions of ${f.user} run with the synchronization just queued.`;
    return { back: safeBack(form.get('back')), message };
  },
  'reject-deletes': async ({ rt }, form) => {
    const f = userForm.extend({ scope }).parse(Object.fromEntries(form));
    const { kept } = await rejectDeletes(rt, f.user, f.scope);
    return { back: safeBack(form.get('back')), message: `Rejected: ${kept} ${f.scope === 'contacts' ? 'contacts' : 'calendar items'} of ${f.user} stay, and later runs keep them.` };
  },
  'retry-dead-letter': async ({ rt }, form) => {
    const f = userForm.extend({ at: z.string().min(1) }).parse(Object.fromEntries(form));
    await retryDeadLetter(rt, f.user, f.at);
    return { back: safeBack(form.get('back')), message: `The dead letter of ${f.user} was queued again as a new job.` };
  },
};

export const adminConsoleAction = consoleAction(async (req, form) => {
  const name = z.enum(Object.keys(actions) as [string, ...string[]]).parse(req.request.params['action']);
  return actions[name]!(req, form);
});

app.http('admin-console-action', { methods: ['POST'], authLevel: 'anonymous', route: 'admin/console/{action}', handler: adminConsoleAction });
