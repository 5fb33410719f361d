// The synchronizer lifecycle through the admin and timer handlers (B-L1, B-L2, B-L3, B-L4, B-P2), called with
// HttpRequest / InvocationContext exactly as the Functions host calls them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Timer } from '@azure/functions';
import { adminStart } from '../../functions/admin-start';
import { adminStop } from '../../functions/admin-stop';
import { adminStatus } from '../../functions/admin-status';
import { scheduler } from '../../functions/scheduler';
import { duePulls, schedulerTick } from '../../shared/app/scheduler-tick';
import { messageIdOf } from '../../shared/queue/sync-job.schema';
import { TableControlStore } from '../../shared/state/table-control-store';
import { ADELE, MEGAN, context, request, runtimeWorld } from './runtime-world';

const timer = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;

it('B-L1: admin endpoints refuse a request without the admin token', async () => {
  await runtimeWorld();
  const res = await adminStatus(request('GET', 'admin/status', { token: null }), context());
  assert.equal(res.status, 401);
  assert.equal((await adminStatus(request('GET', 'admin/status', { token: 'wrong-token-wrong-token-00' }), context())).status, 401);
});

it('B-L2: start reads and snapshots LN settings and users, and queues a full sync for every sync user and enabled half', async () => {
  const { world, sent, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  world.ln.putContact({ Contact: 'C1', FirstName: 'A', LastName: 'B', Email: 'ab@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  const res = await adminStart(request('POST', 'admin/start'), context());
  assert.equal(res.status, 200);
  assert.deepEqual((res.jsonBody as { users: string[] }).users, [ADELE, MEGAN]);
  assert.deepEqual(sent.map((e) => [e.job.kind, e.job.user, 'scope' in e.job ? e.job.scope : '', 'full' in e.job ? e.job.full : '']).sort(), [
    ['pull', ADELE, 'calendar', true], ['pull', ADELE, 'contacts', true], ['pull', MEGAN, 'calendar', true], ['pull', MEGAN, 'contacts', true],
  ]);
  await queue.idle();
  assert.equal(world.folderContacts(ADELE).length, 1);
  const status = (await adminStatus(request('GET', 'admin/status'), context())).jsonBody as { synchronizer: { state: string; settings: { users: string[] } } };
  assert.equal(status.synchronizer.state, 'started');
  assert.deepEqual(status.synchronizer.settings.users, [ADELE, MEGAN]);
});

it('B-I6: status JSON answers one page of users and reads runs only for them; a bad page is a 400 naming the parameter', async () => {
  const { rt, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  const latest = rt.runs.latest.bind(rt.runs);
  const readFor: string[] = [];
  rt.runs.latest = (user, ...rest) => { readFor.push(user); return latest(user, ...rest); };
  const page2 = (await adminStatus(request('GET', 'admin/status?page=2&pageSize=1'), context())).jsonBody as { page: unknown; users: Array<{ status: { user: string }; runs: { contacts: unknown[] } }> };
  assert.deepEqual(page2.page, { number: 2, size: 1, totalUsers: 2 });
  assert.deepEqual(page2.users.map((u) => u.status.user), [MEGAN]);
  assert.equal(page2.users[0]?.runs.contacts.length, 1, 'the full contact run of the start');
  assert.deepEqual([...new Set(readFor)], [MEGAN], 'runs of users on other pages are not read');
  const one = (await adminStatus(request('GET', `admin/status?user=${encodeURIComponent(ADELE.toUpperCase())}`), context())).jsonBody as { users: Array<{ status: { user: string } }> };
  assert.deepEqual(one.users.map((u) => u.status.user), [ADELE]);
  const bad = await adminStatus(request('GET', 'admin/status?pageSize=9999'), context());
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.jsonBody), /pageSize is at most 500/);
});

it('B-L2: start with invalid LN settings fails with a message naming the field and stays stopped', async () => {
  const { world, sent } = await runtimeWorld();
  world.ln.state.set('ttapi.aadExchangeSync', 'Settings').store.put({ Key: 'default', SynchronizeContacts: 'yes', SynchronizeActivities: true, ContactPullInterval: { Number: 15, Unit: 'Minutes' }, CalendarPullInterval: { Number: 5, Unit: 'Minutes' }, EnablePushSynchronization: false });
  const res = await adminStart(request('POST', 'admin/start'), context());
  assert.equal(res.status, 422);
  assert.match((res.jsonBody as { error: string }).error, /SynchronizeContacts/);
  assert.equal(sent.length, 0);
  const status = (await adminStatus(request('GET', 'admin/status'), context())).jsonBody as { synchronizer: { state: string } };
  assert.equal(status.synchronizer.state, 'stopped');
});

it('B-L1: stopped ⇒ the timer queues nothing and queued jobs complete without side effects; the state survives a restart', async () => {
  const { world, rt, sent, queue } = await runtimeWorld();
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  assert.equal((await adminStop(request('POST', 'admin/stop'), context())).status, 200);
  const before = sent.length;
  await scheduler(timer, context('scheduler'));
  assert.equal(sent.length, before, 'timer queued nothing');
  world.ln.putContact({ Contact: 'C9', FirstName: 'Late', LastName: 'Comer', Email: 'late@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await rt.queue.send([{ job: { kind: 'pull', user: ADELE, scope: 'contacts', full: true, dueAt: new Date().toISOString() }, attempt: 1 }]);
  await queue.idle();
  assert.equal(world.folderContacts().length, 0, 'the queued job did nothing');
  world.restart();
  assert.equal((await new TableControlStore(world.services.tables).get()).state, 'stopped', 'kept in Table Storage');
});

it('B-L3/B-P2: every tick re-reads LN settings and users; due pulls go out in one batch with deterministic ids, a repeated tick adds nothing', async () => {
  const { world, rt, sent, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  world.ln.setSettings({ ContactPullInterval: { Number: 15, Unit: 'Minutes' }, CalendarPullInterval: { Number: 1, Unit: 'Hours' } });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  sent.length = 0;
  const tick = new Date('2030-01-01T10:15:00Z');
  const first = await schedulerTick(rt, tick);
  assert.equal(first.sent, 2, 'contacts due at :15 for both users, calendar not');
  const ids = sent.map((e) => messageIdOf(e));
  const snapshot = (await rt.control.get()).settings;
  assert.ok(snapshot);
  assert.deepEqual(duePulls(snapshot, tick).map((e) => messageIdOf(e)), ids, 'the same tick always yields the same message ids');
  const processed = (await queue.idle(), queue.stats().processed);
  await schedulerTick(rt, tick);
  await queue.send(duePulls(snapshot, tick)); // a second scheduler instance sending the same slot
  await queue.idle();
  assert.equal(queue.stats().processed, processed, 'a repeated tick does not double the work');
  const late = await schedulerTick(rt, new Date('2030-01-01T11:07:00Z'));
  assert.equal(late.sent, 4, 'a late timer still pulls the slots it missed (contacts 11:00, calendar 11:00)');
  world.ln.putUser({ User: 'alex', Name: 'Alex', Active: true, EmailAddress: 'alex@contoso.example' });
  world.ln.setSettings({ CalendarPullInterval: { Number: 15, Unit: 'Minutes' } });
  sent.length = 0;
  await schedulerTick(rt, new Date('2030-01-01T11:15:00Z'));
  assert.deepEqual(sent.map((e) => `${e.job.user}:${e.job.kind === 'pull' ? e.job.scope : ''}`).sort(), [
    'adele.vance@contoso.example:calendar', 'adele.vance@contoso.example:contacts', 'alex@contoso.example:calendar', 'alex@contoso.example:contacts',
    'megan.bowen@contoso.example:calendar', 'megan.bowen@contoso.example:contacts',
  ], 'a new user and a changed interval take effect without a restart');
});

it('B-L4: SynchronizeContacts off ⇒ no contact pulls are scheduled and a contact job does nothing', async () => {
  const { world, rt, sent, queue } = await runtimeWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Off', LastName: 'Half', Email: 'off@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.ln.setSettings({ SynchronizeContacts: false, ContactPullInterval: { Number: 1, Unit: 'Minutes' }, CalendarPullInterval: { Number: 1, Unit: 'Minutes' } });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  assert.ok(sent.every((e) => e.job.kind !== 'pull' || e.job.scope === 'calendar'), 'only calendar pulls');
  await rt.queue.send([{ job: { kind: 'pull', user: ADELE, scope: 'contacts', full: true, dueAt: '2030-01-01T00:00:00Z' }, attempt: 1 }]);
  await queue.idle();
  assert.deepEqual(world.graph.folders(ADELE).filter((f) => f.displayName === 'LN Contacts'), [], 'contacts half untouched');
});
