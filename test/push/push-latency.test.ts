// B-N4 and B-N5 in the local host with push on: a change in a mailbox reaches LN and a change in LN reaches the
// mailbox within 2 seconds (50 changes, median and worst reported), and the service's own writes cause no more writes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, pushWorld, until, type PushWorld } from './push-world';

const inDays = (days: number, hour: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

async function writesSince(w: PushWorld, since: string): Promise<number> {
  let total = 0;
  for (const scope of ['contacts', 'calendar'] as const) {
    for (const run of await w.host.runtime.runs.latest(ADELE, scope, 50)) if (run.startedAt >= since) total += run.writes;
  }
  return total;
}

it('B-N4/B-N5: 50 changes on both sides each arrive within 2 s through push; the echoes of the service’s own writes write nothing', async (t) => {
  const w = await pushWorld({ users: [ADELE] });
  w.ln.putContact({ Contact: 'C1', FirstName: 'Push', LastName: 'Contact', Email: 'push@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  w.ln.putActivity({
    Activity: 'A1', Type: 'Appointment', Subject: 'Push meeting 0', StartDate: inDays(3, 9), EndDate: inDays(3, 10), Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer' }],
  });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const folder = w.graph.folders(ADELE).find((f) => f.displayName === 'LN Contacts');
  const contactId = String(w.graph.listContacts(ADELE, folder?.id)[0]?.['id']);
  const eventId = String(w.graph.listEvents(ADELE)[0]?.['id']);
  assert.ok(contactId !== 'undefined' && eventId !== 'undefined', 'both items were synchronized first');
  const latencies: number[] = [];
  for (let i = 1; i <= 50; i++) {
    const started = Date.now();
    switch (i % 4) {
      case 0: // Outlook contact edit → LN
        w.graph.updateContactAsUser(ADELE, contactId, { jobTitle: `Title ${i}` });
        await until(() => w.ln.getContact('C1')?.JobTitle === `Title ${i}`);
        break;
      case 1: // LN contact edit → Outlook
        w.ln.updateContact('C1', { MobilePhone: `+31 6 ${i}` });
        await until(() => w.graph.listContacts(ADELE, folder?.id)[0]?.['mobilePhone'] === `+31 6 ${i}`);
        break;
      case 2: // Outlook event edit → LN
        w.graph.updateEventAsUser(ADELE, eventId, { subject: `Push meeting ${i}` });
        await until(() => w.ln.getActivity('A1')?.Subject === `Push meeting ${i}`);
        break;
      default: // LN activity edit → Outlook
        w.ln.updateActivity('A1', { Location: `Room ${i}` });
        await until(() => (w.graph.listEvents(ADELE)[0]?.['location'] as { displayName?: string } | undefined)?.displayName === `Room ${i}`);
    }
    latencies.push(Date.now() - started);
    await w.quiet();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = ((sorted[24] ?? 0) + (sorted[25] ?? 0)) / 2;
  const worst = sorted.at(-1) ?? 0;
  t.diagnostic(`push latency over 50 changes: median ${median} ms, worst ${worst} ms`);
  console.log(`push latency over 50 changes: median ${median} ms, worst ${worst} ms`);
  assert.ok(worst <= 2000, `worst ${worst} ms`);
  const since = new Date().toISOString();
  w.ln.updateContact('C1', { JobTitle: 'Final' });
  await until(() => w.graph.listContacts(ADELE, folder?.id)[0]?.['jobTitle'] === 'Final');
  await w.quiet();
  const echoes = w.graph.notifications.length;
  assert.ok(echoes > 0, 'Exchange notified the service of its own write');
  assert.equal(await writesSince(w, since), 1, 'exactly the one write the change needed; its echo wrote nothing (B-N5)');
});
