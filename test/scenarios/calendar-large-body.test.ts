// Link rows of any size, end to end over Azurite: an event with a 60,000-character body is linked (its field values
// split over several Table properties) and stays still on later runs, from Outlook and from LN.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld as world } from './sync-world';

const day = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** 60,000 characters of varied text, with non-ASCII letters so UTF-16 size and character count differ. */
function largeBody(seed: string): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 60_000; i++) lines.push(`${seed} line ${i}: Überprüfung der Zahlen für Q${i % 4 + 1} — ${'x'.repeat(i % 37)}`);
  return lines.join('\n').slice(0, 60_000);
}

const writes = (r: { toExchange: { created: number; updated: number; deleted: number }; toLn: { created: number; updated: number; deleted: number } }): number =>
  r.toExchange.created + r.toExchange.updated + r.toExchange.deleted + r.toLn.created + r.toLn.updated + r.toLn.deleted;

it('an Outlook event with a 60,000-character body is linked and stable across runs', async () => {
  const w = await world({ users: [ADELE] });
  const body = largeBody('Outlook');
  const ev = w.graph.createEventAsUser(ADELE, {
    subject: 'Annual review', body: { contentType: 'text', content: body },
    start: { dateTime: `${day(3)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(3)}T11:00:00`, timeZone: 'UTC' },
  });
  const first = await w.runCalendar(ADELE);
  assert.deepEqual(first.errors, []);
  const [activity] = w.ln.listActivities();
  assert.ok(activity);
  assert.equal(activity.Text.length, body.length);
  const link = await w.services.links.getByExchangeId(ADELE, 'event', String(ev['id']));
  assert.ok(link, 'the pair is recorded');
  assert.equal(link.lnKey, activity.Activity);
  assert.ok(Object.values(link.lnValues).some((v) => v.length === body.length), 'the base holds the whole body');
  const lnWrites = w.ln.requests.filter((r) => r.method !== 'GET').length;
  for (let run = 0; run < 2; run++) {
    const again = await w.runCalendar(ADELE, { full: run === 1 });
    assert.deepEqual(again.errors, []);
    assert.equal(writes(again), 0, `run ${run + 2} writes nothing`);
  }
  assert.equal(w.ln.requests.filter((r) => r.method !== 'GET').length, lnWrites, 'LN text never rewritten');
  assert.equal(w.ln.listActivities()[0]?.Text, activity.Text);
});

it('an LN activity with a 60,000-character text reaches Outlook, is linked and stable across runs', async () => {
  const w = await world({ users: [ADELE] });
  const text = largeBody('LN');
  w.ln.putActivity({
    Activity: 'ACT000001', Type: 'Appointment', Subject: 'Long notes', Text: text, Location: 'Room 1', StartDate: `${day(4)}T09:00:00Z`, EndDate: `${day(4)}T10:00:00Z`, Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer', Invite: true }],
  });
  const reports = await w.settleCalendar(4);
  for (const r of reports) assert.deepEqual(r.errors, []);
  const link = await w.services.links.get(ADELE, 'event', 'ACT000001');
  assert.ok(link?.exchangeId, 'linked');
  const again = await w.runCalendar(ADELE, { full: true });
  assert.deepEqual(again.errors, []);
  assert.equal(writes(again), 0, 'nothing rewritten on a later full run');
});
