// B-A13 through push in the local host: a recurring meeting booked in Outlook reaches LN and every attendee's
// occurrences are linked by the notification-driven runs, without a full reconciliation and without exceptions.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, pushWorld } from './push-world';

const day = (days: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

it('B-A13: after the push notifications of a new weekly series each attendee’s occurrences are linked; declining one occurrence updates that line', async () => {
  const w = await pushWorld({ users: [ADELE, MEGAN] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const since = new Date().toISOString();
  const first = day(2);
  const weekday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][new Date(`${first}T12:00:00Z`).getUTCDay()] ?? 'monday';
  w.graph.createEventAsUser(ADELE, {
    subject: 'Weekly push', start: { dateTime: `${first}T08:00:00`, timeZone: 'UTC' }, end: { dateTime: `${first}T08:30:00`, timeZone: 'UTC' },
    attendees: [{ type: 'required', emailAddress: { address: MEGAN, name: 'Megan' } }],
    recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: [weekday] }, range: { type: 'numbered', startDate: first, numberOfOccurrences: 3 } },
  });
  await w.quiet();
  const activities = w.ln.listActivities().filter((a) => a.Subject === 'Weekly push');
  assert.equal(activities.length, 3, 'one activity per occurrence');
  const links = w.host.runtime.services.links;
  for (const a of activities) {
    assert.equal((await links.get(MEGAN, 'event', a.Activity))?.state, 'linked', `Megan's occurrence of ${a.Activity} is linked`);
    assert.equal(a.Attendees?.find((l) => l.Employee === 'EMP000002')?.Synchronized, true);
  }
  const fullRuns = (await w.host.runtime.runs.latest(MEGAN, 'calendar', 50)).filter((r) => r.startedAt >= since && r.full);
  assert.deepEqual(fullRuns, [], 'no full reconciliation: the timers are off, only notifications started runs');
  for (const user of [ADELE, MEGAN]) assert.deepEqual(w.graph.listEvents(user).map((e) => e['type']), ['seriesMaster'], `${user}: no exception`);

  const [, second] = w.graph.calendarView(MEGAN, `${day(0)}T00:00:00Z`, `${day(30)}T00:00:00Z`);
  const declined = activities.find((a) => a.ExternalReference === second?.['iCalUId'])?.Activity ?? '';
  w.graph.respondAsUser(MEGAN, String(second?.['id']), 'decline');
  await w.quiet();
  const line = (key: string) => w.ln.getActivity(key)?.Attendees?.find((l) => l.Employee === 'EMP000002');
  assert.equal(line(declined)?.AttendanceStatus, 'Declined', 'the declined occurrence’s line');
  for (const a of activities.filter((x) => x.Activity !== declined)) assert.notEqual(line(a.Activity)?.AttendanceStatus, 'Declined', a.Activity);
});
