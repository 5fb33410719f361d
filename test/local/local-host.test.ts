// The local host over real HTTP (what `npm start` runs): demo simulators, embedded Azurite, the function handlers
// behind /api routes, the in-process queue and the scheduler. Covers B-L1 and the newcomer's first minute.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../shared/local/demo';
import { DEMO_CONTACTS, DEMO_MAILBOXES } from '../../shared/local/demo-company';
import { startLocalHost } from '../../shared/local/local-host';

it('B-L1: the demo comes up over HTTP: started from the admin API, contacts reach both mailboxes, a meeting booked in Outlook reaches LN, status shows the runs, stop closes everything', async () => {
  const demo = await startDemo();
  after(() => demo.stop());
  const host = await startLocalHost({ env: { ...demo.env }, port: 0, timers: false, log: () => undefined });
  let stopped = false;
  after(async () => {
    if (!stopped) await host.stop();
  });
  const call = (method: string, path: string, token: string | null = host.adminToken): Promise<Response> =>
    fetch(`${host.url}/api/${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

  assert.equal((await call('GET', 'admin/status', null)).status, 401, 'admin needs the token');
  const start = await call('POST', 'admin/start');
  assert.equal(start.status, 200);
  await host.queue.idle();
  const synced = DEMO_CONTACTS.filter((c) => c.Synchronize).length;
  for (const mailbox of DEMO_MAILBOXES) {
    const folder = demo.graph.folders(mailbox).find((f) => f.displayName === 'LN Contacts');
    assert.equal(demo.graph.listContacts(mailbox, folder?.id).length, synced, mailbox);
  }
  assert.ok(demo.ln.listActivities().some((a) => a.Subject.startsWith('Lunch & learn') && a.CreatedByLN === false), 'the Outlook meeting is an LN activity');
  const status = (await (await call('GET', 'admin/status')).json()) as { synchronizer: { state: string }; users: Array<{ runs: { contacts: unknown[]; calendar: unknown[] } }> };
  assert.equal(status.synchronizer.state, 'started');
  assert.equal(status.users.length, DEMO_MAILBOXES.length);
  for (const u of status.users) assert.ok(u.runs.contacts.length > 0 && u.runs.calendar.length > 0);
  const signIn = await fetch(`${host.url}/api/admin/status.html?code=${host.adminToken}`, { redirect: 'manual' });
  assert.equal(signIn.status, 303, 'the console swaps the code for a session cookie');
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(`${host.url}${signIn.headers.get('location') ?? ''}`, { headers: { cookie } });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await page.text(), /adele\.vance@contoso\.example/);
  assert.equal((await call('POST', 'admin/stop')).status, 200);
  const before = host.queue.stats().processed;
  await host.tick();
  await host.queue.idle();
  assert.equal(host.queue.stats().processed, before, 'stopped: the timer queued nothing');
  await host.stop();
  stopped = true;
  await assert.rejects(fetch(`${host.url}/api/admin/status`), 'the HTTP server is closed');
});
