// The administrator's console through its function handlers (B-U1, B-U2, B-U3, hardening): 5,000 users in Azurite,
// sign-in by code then cookie, forms that post and redirect back with a message, CSRF, held deletions, item history, preview.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { adminConsoleAction } from '../../functions/admin-console-action';
import { adminConsoleItem } from '../../functions/admin-console-item';
import { adminConsolePreview } from '../../functions/admin-console-preview';
import { adminItem } from '../../functions/admin-item';
import { adminPreview } from '../../functions/admin-preview';
import { adminConsoleUser } from '../../functions/admin-console-user';
import { adminStart } from '../../functions/admin-start';
import { adminStatusPage } from '../../functions/admin-status-page';
import { adminSync } from '../../functions/admin-sync';
import { heldDeletionsWorld } from './held-deletions-world';
import { problemsOf } from '../../shared/app/user-health';
import { ADELE, ADMIN_TOKEN, context, request, runtimeWorld } from './runtime-world';
import { sampleStatus, seedUsers, userAddress } from '../support/console-users';

function page(path: string, options: { cookie?: string; query?: string; params?: Record<string, string>; bearer?: boolean } = {}): HttpRequest {
  const headers: Record<string, string> = {};
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.bearer) headers['authorization'] = `Bearer ${ADMIN_TOKEN}`;
  return new HttpRequest({ method: 'GET', url: `http://localhost/api/${path}${options.query ?? ''}`, headers, params: options.params ?? {} });
}

function post(action: string, cookie: string, form: Record<string, string>): HttpRequest {
  return new HttpRequest({
    method: 'POST', url: `http://localhost/api/admin/console/${action}`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    params: { action }, body: { string: new URLSearchParams(form).toString() },
  });
}

const header = (res: HttpResponseInit, name: string): string[] => {
  const h = new Headers(res.headers);
  return name === 'set-cookie' ? h.getSetCookie() : [h.get(name) ?? ''];
};
const cookieOf = (res: HttpResponseInit): string => header(res, 'set-cookie').map((c) => c.split(';')[0]).join('; ');

/** Signs in with `?code=` as the console link does; returns the session cookie. */
async function signIn(): Promise<string> {
  const res = await adminStatusPage(page('admin/status.html', { query: `?code=${ADMIN_TOKEN}&q=x` }), context());
  assert.equal(res.status, 303);
  assert.equal(header(res, 'location')[0], '/api/admin/status.html?q=x', 'the code is dropped from the address');
  const cookie = header(res, 'set-cookie')[0] ?? '';
  assert.match(cookie, /HttpOnly; SameSite=Strict/);
  assert.ok(!cookie.includes(ADMIN_TOKEN));
  return cookieOf(res);
}

const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

it('B-U1: the overview counts 5,000 users by health, lists problems first, searches by address and pages on the server', async () => {
  const { rt } = await runtimeWorld();
  const at = rt.clock.now().toISOString();
  await seedUsers(rt.services.tables, 5000, at);
  const expected = { failing: 0, ok: 0 };
  for (let i = 1; i <= 5000; i++) {
    const p = problemsOf(sampleStatus(i, at));
    if (p.includes('failing')) expected.failing++;
    if (p.length === 0) expected.ok++;
  }
  const html = (await adminStatusPage(page('admin/status.html', { bearer: true }), context())).body as string;
  assert.match(html, new RegExp(`data-health="failing">${expected.failing}</span>`));
  assert.match(html, new RegExp(`data-health="ok">${expected.ok.toLocaleString('en-US')}</span>`));
  assert.match(html, /page 1 of 100/);
  const rows = [...html.matchAll(/<tr data-health="([\w-]+)">/g)].map((m) => m[1]);
  assert.equal(rows.length, 50);
  assert.equal(rows[0], 'failing', 'problems first');
  const last = (await adminStatusPage(page('admin/status.html', { bearer: true, query: '?page=100' }), context())).body as string;
  assert.match(last, /Users 4,951–5,000 of 5,000 · page 100 of 100/);
  assert.match(last, /data-health="ok"/);
  const found = (await adminStatusPage(page('admin/status.html', { bearer: true, query: `?q=${encodeURIComponent('USER04999')}` }), context())).body as string;
  assert.equal([...found.matchAll(/<tr data-health=/g)].length, 1);
  assert.ok(found.includes(userAddress(4999)));
});

it('B-U2: signed in by code then cookie, a form posts, comes back to the page with a message; controls follow the state', async () => {
  const { sent } = await runtimeWorld();
  const cookie = await signIn();
  const first = await adminStatusPage(page('admin/status.html', { cookie }), context());
  assert.equal(first.status, 200);
  const html = first.body as string;
  assert.match(html, />Start synchronizing</);
  assert.ok(!html.includes('>Stop synchronizing<'));
  const started = await adminConsoleAction(post('start', cookie, { csrf: csrfOf(html), back: '/api/admin/status.html' }), context());
  assert.equal(started.status, 303);
  assert.equal(header(started, 'location')[0], '/api/admin/status.html');
  assert.ok(sent.length > 0, 'start queued the full synchronizations');
  const after = (await adminStatusPage(page('admin/status.html', { cookie: `${cookie}; ${cookieOf(started)}` }), context())).body as string;
  assert.ok(after.includes(`<p class="flash" role="status">Synchronizer started for 2 sync users: ${sent.length} full synchronizations queued.</p>`));
  assert.match(after, />Stop synchronizing</);
  assert.ok(!after.includes('>Start synchronizing<'));
  const user = (await adminConsoleUser(page(`admin/console/users/${ADELE}`, { cookie, params: { email: ADELE } }), context())).body as string;
  const synced = await adminConsoleAction(post('sync', cookie, { csrf: csrfOf(user), user: ADELE, scope: 'contacts', back: `/api/admin/console/users/${encodeURIComponent(ADELE)}` }), context());
  assert.equal(header(synced, 'location')[0], `/api/admin/console/users/${encodeURIComponent(ADELE)}`);
  assert.match(decodeURIComponent(cookieOf(synced)), /Queued a synchronization of the changes of contacts for adele/);
});

it('hardening: security headers on every page; a form without the session\'s CSRF token or without sign-in is refused', async () => {
  const { sent } = await runtimeWorld();
  const cookie = await signIn();
  const res = await adminStatusPage(page('admin/status.html', { cookie }), context());
  assert.match(header(res, 'content-security-policy')[0] ?? '', /default-src 'none'.*frame-ancestors 'none'/);
  assert.equal(header(res, 'x-content-type-options')[0], 'nosniff');
  assert.ok(!(res.body as string).includes(ADMIN_TOKEN), 'the token is not in the page');
  assert.equal((await adminConsoleAction(post('start', cookie, { csrf: 'forged' }), context())).status, 403);
  assert.equal((await adminConsoleAction(post('start', 'ln_console=1.2.3', { csrf: 'x' }), context())).status, 401);
  assert.equal((await adminStatusPage(page('admin/status.html', { query: '?code=wrong' }), context())).status, 401);
  assert.equal(sent.length, 0, 'nothing was started');
});

it('B-U3: held deletions are listed item by item; reject keeps the items, clears the hold, and later runs keep them', async () => {
  const { world, queue } = await heldDeletionsWorld();
  const cookie = await signIn();
  const held = (await adminConsoleUser(page(`admin/console/users/${ADELE}`, { cookie, params: { email: ADELE } }), context())).body as string;
  assert.equal([...held.matchAll(/<tr><td>F\d+ L\d+<\/td><td>C\d+<\/td>/g)].length, 12, 'each held item with name and LN key');
  const res = await adminConsoleAction(post('reject-deletes', cookie, { csrf: csrfOf(held), user: ADELE, scope: 'contacts', back: `/api/admin/console/users/${encodeURIComponent(ADELE)}` }), context());
  assert.equal(res.status, 303);
  assert.match(decodeURIComponent(cookieOf(res)), /Rejected: 12 contacts of adele/);
  await queue.idle();
  await adminSync(request('POST', 'x', { params: { email: ADELE }, body: { scope: 'contacts', full: true } }), context());
  await queue.idle();
  assert.equal(world.folderContacts().length, 15, 'the copies stay');
  const after = (await adminConsoleUser(page(`admin/console/users/${ADELE}`, { cookie, params: { email: ADELE } }), context())).body as string;
  assert.ok(!after.includes('deletions held back'), 'the hold is cleared and not raised again');
});

it('B-U4: an item\'s history is found by LN key, email or Exchange id on the page and in the API, also after its deletion', async () => {
  const { world, queue, rt } = await runtimeWorld();
  for (let i = 1; i <= 3; i++) world.ln.putContact({ Contact: `C${i}`, FirstName: `F${i}`, LastName: `L${i}`, Email: `c${i}@example.com`, BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  const exchangeId = (await rt.services.links.get(ADELE, 'contact', 'C2'))?.exchangeId ?? '';
  world.ln.deleteContact('C1');
  await adminSync(request('POST', 'x', { params: { email: ADELE }, body: { scope: 'contacts' } }), context());
  await queue.idle();
  assert.equal(await rt.services.links.get(ADELE, 'contact', 'C1'), undefined, 'the link is gone');
  const cookie = await signIn();
  const lookup = async (id: string): Promise<string> =>
    (await adminConsoleItem(page(`admin/console/users/${ADELE}/items`, { cookie, params: { email: ADELE }, query: `?id=${encodeURIComponent(id)}` }), context())).body as string;
  const deleted = await lookup('C1');
  assert.match(deleted, /Contact: F1 L1 · LN key C1/);
  assert.match(deleted, /<td>LN → Exchange<\/td><td>deleted in Exchange<\/td>/);
  assert.match(deleted, /<td>LN → Exchange<\/td><td>created in Exchange<\/td>/);
  assert.match(await lookup('C2@EXAMPLE.com'), /Contact: F2 L2 · LN key C2/);
  assert.match(await lookup(exchangeId), /Contact: F2 L2 · LN key C2/);
  assert.match(await lookup('nobody@example.com'), /id="history-none"/);
  const api = await adminItem(request('GET', 'x', { params: { email: ADELE, kind: 'contact', id: 'C1' } }), context());
  assert.equal(api.status, 200);
  const body = api.jsonBody as { items: Array<{ history: Array<{ action: string; reason: string }> }> };
  assert.deepEqual(body.items[0]?.history.map((h) => h.action), ['deleted in Exchange', 'created in Exchange']);
  assert.match(body.items[0]?.history[0]?.reason ?? '', /^B-/, 'the JSON keeps the rule id');
});

it('B-U5: a preview shows what a synchronization would do, item by item with reasons and counts, and writes nothing', async () => {
  const { world, queue, rt } = await runtimeWorld();
  for (let i = 1; i <= 3; i++) world.ln.putContact({ Contact: `C${i}`, FirstName: `F${i}`, LastName: `L${i}`, Email: `c${i}@example.com`, BusinessPartner: 'BP0000001', Synchronize: true });
  const writes = (): number => world.graph.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('$batch')).length
    + world.ln.requests.filter((r) => r.method !== 'GET' && !r.path.includes('token')).length;
  const cookie = await signIn();
  const before = writes();
  const html = (await adminConsolePreview(page(`admin/console/users/${ADELE}/preview/contacts`, { cookie, params: { email: ADELE, scope: 'contacts' } }), context())).body as string;
  assert.match(html, /<span class="n">3<\/span>created in Exchange/);
  assert.match(html, /<td>F2 L2<\/td><td>C2<\/td><td>LN → Exchange<\/td><td>created in Exchange<\/td><td><span title="rule B-/);
  assert.equal(writes(), before, 'nothing was written to LN or Graph');
  assert.ok(!world.graph.folders(ADELE).some((f) => f.displayName === rt.services.config.sync.folderName), 'no sync folder was created');
  assert.equal((await rt.services.links.list(ADELE, 'contact')).length, 0);
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  world.ln.updateContact('C3', { JobTitle: 'Buyer' });
  const api = await adminPreview(request('GET', 'x', { params: { email: ADELE, scope: 'contacts' } }), context());
  assert.equal(api.status, 200);
  const body = api.jsonBody as { counts: Record<string, number>; items: Array<{ lnKey: string; action: string; direction: string }> };
  assert.deepEqual(body.items.map((i) => [i.lnKey, i.action, i.direction]), [['C3', 'updated', 'to-exchange']]);
  assert.equal(body.counts['updated'], 1);
  assert.equal(world.folderContacts().find((c) => c['jobTitle'] === 'Buyer'), undefined, 'the preview did not apply it');
});
