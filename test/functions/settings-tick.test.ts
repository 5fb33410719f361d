// B-L6 through the real scheduler and worker handlers: the settings and users a tick reads govern the jobs of that
// same tick — a user added in LN, or a half switched back on, is synchronized at that tick, not one interval later.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Timer } from '@azure/functions';
import { adminStart } from '../../functions/admin-start';
import { scheduler } from '../../functions/scheduler';
import { schedulerTick } from '../../shared/app/scheduler-tick';
import { ADELE, MEGAN, context, request, runtimeWorld } from './runtime-world';

const timer = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;
const HOURLY = { Number: 1, Unit: 'Hours' } as const;

function emails(contacts: Array<Record<string, unknown>>): string[] {
  return contacts.map((c) => ((c['emailAddresses'] as Array<{ address: string }> | undefined)?.[0]?.address ?? '')).sort();
}

it('B-L6: a sync user added in LN gets a full synchronization from the very tick that first sees them, outside any pull slot', async () => {
  const { world, sent, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  world.ln.setSettings({ ContactPullInterval: HOURLY, CalendarPullInterval: HOURLY, SynchronizeActivities: false });
  world.ln.putUser({ User: 'megan', Name: 'Megan Bowen', Active: false, EmailAddress: MEGAN });
  world.ln.putContact({ Contact: 'C1', FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  assert.deepEqual(emails(world.folderContacts(ADELE)), ['grace@example.com']);
  sent.length = 0;
  world.ln.putUser({ User: 'megan', Name: 'Megan Bowen', Active: true, EmailAddress: MEGAN });
  await scheduler(timer, context('scheduler')); // the timer's minute is (almost surely) no full hour: no pull slot starts
  assert.ok(sent.some((e) => e.job.kind === 'pull' && e.job.user === MEGAN && e.job.scope === 'contacts' && e.job.full), 'a full contacts pull for the new user at this tick');
  assert.ok(!sent.some((e) => e.job.user === ADELE && e.job.kind === 'pull' && new Date().getUTCMinutes() !== 0), 'nobody else is pulled outside their slot');
  await queue.idle();
  assert.deepEqual(emails(world.folderContacts(MEGAN)), ['grace@example.com'], 'the job found the new user in the stored settings and synchronized them');
});

it('B-L6: contacts switched back on in LN are pulled at the tick that reads it, with the settings of that tick', async () => {
  const { world, rt, sent, queue } = await runtimeWorld({ users: [ADELE] });
  world.ln.setSettings({ ContactPullInterval: HOURLY, CalendarPullInterval: HOURLY, SynchronizeActivities: false });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  world.ln.setSettings({ SynchronizeContacts: false });
  await schedulerTick(rt, new Date('2030-01-01T10:05:00Z'));
  world.ln.putContact({ Contact: 'C2', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.ln.setSettings({ SynchronizeContacts: true });
  sent.length = 0;
  const result = await schedulerTick(rt, new Date('2030-01-01T10:07:00Z'));
  assert.ok(result.sent > 0 && sent.every((e) => e.job.kind === 'pull' && e.job.scope === 'contacts' && e.job.dueAt === '2030-01-01T10:07:00.000Z'), 'contacts pulls at 10:07, though the hourly slot starts at 11:00');
  assert.ok(sent.some((e) => e.job.user === ADELE));
  assert.equal((await rt.control.get()).settings?.synchronizeContacts, true, 'the snapshot the tick read is stored');
  await queue.idle();
  assert.deepEqual(emails(world.folderContacts(ADELE)), ['ada@example.com'], 'the job ran with contacts on: the settings of its own tick');
});

it('B-L6: a user who arrived in a tick whose send failed is still new to the next tick and gets a full synchronization from it', async () => {
  const { world, rt, sent, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  world.ln.setSettings({ ContactPullInterval: HOURLY, CalendarPullInterval: HOURLY, SynchronizeActivities: false });
  world.ln.putUser({ User: 'megan', Name: 'Megan Bowen', Active: false, EmailAddress: MEGAN });
  world.ln.putContact({ Contact: 'C3', FirstName: 'Alan', LastName: 'Turing', Email: 'alan@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  sent.length = 0;
  world.ln.putUser({ User: 'megan', Name: 'Megan Bowen', Active: true, EmailAddress: MEGAN });
  const send = rt.queue.send.bind(rt.queue);
  let failures = 0;
  rt.queue.send = async (envelopes) => {
    if (failures++ === 0) throw new Error('Service Bus is unavailable');
    await send(envelopes);
  };
  await assert.rejects(scheduler(timer, context('scheduler')), /Service Bus is unavailable/);
  assert.equal(sent.length, 0, 'the failed tick sent nothing');
  assert.ok((await rt.control.get()).settings?.users.includes(MEGAN), 'though it stored the snapshot that has the new user (B-L6)');
  await scheduler(timer, context('scheduler'));
  assert.ok(sent.some((e) => e.job.kind === 'pull' && e.job.user === MEGAN && e.job.scope === 'contacts' && e.job.full), 'the next tick sends the new user a full contacts pull');
  await queue.idle();
  assert.deepEqual(emails(world.folderContacts(MEGAN)), ['alan@example.com'], 'and the new user is synchronized');
});
