// Recurring meetings from Outlook, end to end over HTTP (B-A13, with B-A10 and B-A11): synchronizing leaves the series
// as their owners made them, every attendee's occurrences are linked by the run that sees them, series changes keep LN keys.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, contactWorld as world, type ContactWorld } from './sync-world';

const ALEX = 'alex.wilber@contoso.example';
const USERS = [ADELE, MEGAN, ALEX];
const EMPLOYEE: Record<string, string> = { [ADELE]: 'EMP000001', [MEGAN]: 'EMP000002', [ALEX]: 'EMP000003' };

const day = (days: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function weekday(date: string): string {
  return ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][new Date(`${date}T12:00:00Z`).getUTCDay()] ?? 'monday';
}

function weeklySeries(subject: string, firstDate: string, time: string, zone: string, count: number, attendees: string[]): Record<string, unknown> {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const end = `${String(h).padStart(2, '0')}:${String(m + 30).padStart(2, '0')}`;
  return {
    subject, start: { dateTime: `${firstDate}T${time}:00`, timeZone: zone }, end: { dateTime: `${firstDate}T${end}:00`, timeZone: zone },
    attendees: attendees.map((address) => ({ type: 'required', emailAddress: { address, name: address.split('@')[0] } })),
    recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: [weekday(firstDate)], firstDayOfWeek: 'monday' }, range: { type: 'numbered', startDate: firstDate, numberOfOccurrences: count, recurrenceTimeZone: zone } },
  };
}

async function threeUsers(env?: Record<string, string>): Promise<ContactWorld> {
  const w = await world({ users: USERS, ...(env ? { env } : {}) });
  w.ln.putEmployee({ Employee: 'EMP000003', Name: 'Alex Wilber', User: 'alex', Email: ALEX });
  return w;
}

const exceptions = (w: ContactWorld, user: string): number => w.graph.listEvents(user).filter((e) => e['type'] === 'exception').length;
const keysByStart = (w: ContactWorld): Array<[string, string]> => w.ln.listActivities().map((a): [string, string] => [a.StartDate ?? '', a.Activity]).sort();

async function linkedEverywhere(w: ContactWorld, keys: string[]): Promise<void> {
  for (const user of USERS) {
    for (const key of keys) {
      const link = await w.services.links.get(user, 'event', key);
      assert.equal(link?.state, 'linked', `${user} has ${key} linked`);
      const line = w.ln.getActivity(key)?.Attendees?.find((l) => l.Employee === EMPLOYEE[user]);
      assert.equal(line?.Synchronized, true, `${user}'s line of ${key} is Synchronized`);
    }
  }
}

it('B-A13: a synced weekly series leaves 0 exceptions in the organizer’s and the attendees’ calendars, each occurrence its own activity', async () => {
  const w = await threeUsers();
  w.graph.createEventAsUser(ADELE, weeklySeries('Weekly', day(2), '09:00', 'UTC', 5, [MEGAN, ALEX]));
  await w.settleCalendar();
  const keys = w.ln.listActivities().map((a) => a.Activity);
  assert.equal(keys.length, 5, 'one activity per occurrence (B-A10)');
  await linkedEverywhere(w, keys);
  for (const user of USERS) assert.equal(exceptions(w, user), 0, `${user}: no occurrence was turned into an exception`);
  assert.deepEqual(w.graph.requests.filter((r) => r.method === 'PATCH').map((r) => r.path), [], 'nothing was written to Exchange');
});

it('B-A13: each attendee’s occurrences are linked by one incremental run once the organizer’s run recorded them', async () => {
  const w = await threeUsers();
  for (const user of USERS) await w.runCalendar(user); // first (full) runs: nothing yet
  w.graph.createEventAsUser(ADELE, weeklySeries('Weekly', day(3), '10:00', 'UTC', 4, [MEGAN, ALEX]));
  for (const user of [MEGAN, ALEX]) assert.equal((await w.runCalendar(user)).writes, 0, `${user} waits for the organizer (B-A6)`);
  await w.runCalendar(ADELE);
  const keys = w.ln.listActivities().map((a) => a.Activity);
  assert.equal(keys.length, 4);
  for (const user of [MEGAN, ALEX]) {
    const report = await w.runCalendar(user);
    assert.equal(report.full, false, 'an incremental run');
    assert.deepEqual(report.errors, []);
  }
  await linkedEverywhere(w, keys);
  for (const user of USERS) assert.equal(exceptions(w, user), 0, `${user}: the series was left as it was`);
});

it('B-A13/B-A9: an attendee declining one occurrence updates that line of that activity in the attendee’s next run', async () => {
  const w = await threeUsers();
  w.graph.createEventAsUser(ADELE, weeklySeries('Weekly', day(2), '11:00', 'UTC', 4, [MEGAN, ALEX]));
  await w.settleCalendar();
  const [, second] = w.graph.calendarView(MEGAN, `${day(0)}T00:00:00Z`, `${day(40)}T00:00:00Z`);
  const declinedKey = w.ln.listActivities().find((a) => a.ExternalReference === second?.['iCalUId'])?.Activity ?? '';
  assert.ok(declinedKey);
  w.graph.respondAsUser(MEGAN, String(second?.['id']), 'decline');
  const report = await w.runCalendar(MEGAN);
  assert.equal(report.full, false);
  for (const a of w.ln.listActivities()) {
    const line = a.Attendees?.find((l) => l.Employee === EMPLOYEE[MEGAN]);
    if (a.Activity === declinedKey) assert.deepEqual([line?.AttendanceStatus, line?.Synchronized], ['Declined', false], 'the declined occurrence');
    else assert.notEqual(line?.AttendanceStatus, 'Declined', `${a.Activity} stays`);
  }
  await w.settleCalendar();
  assert.equal(w.ln.listActivities().length, 4, 'every activity stays');
  for (const user of USERS) assert.equal(exceptions(w, user), 0, `${user}: no exception made by the synchronizer`);
});

it('B-A13/B-A11: the organizer moving the whole series one hour later across a DST change updates the activities in place (same LN keys)', async () => {
  const year = new Date().getUTCFullYear() + 1;
  const first = `${year}-10-13`;
  const w = await threeUsers({ CALENDAR_HORIZON_DAYS: '3650' });
  const master = w.graph.createEventAsUser(ADELE, weeklySeries('Weekly', first, '09:00', 'Europe/Amsterdam', 4, [MEGAN, ALEX]));
  await w.settleCalendar();
  const before = keysByStart(w);
  assert.equal(before.length, 4);
  w.graph.updateEventAsUser(ADELE, String(master['id']), { start: { dateTime: `${first}T10:00:00`, timeZone: 'Europe/Amsterdam' }, end: { dateTime: `${first}T10:30:00`, timeZone: 'Europe/Amsterdam' } });
  await w.settleCalendar();
  const after = keysByStart(w);
  assert.deepEqual(after.map(([, key]) => key), before.map(([, key]) => key), 'the same activities, in the same order');
  const local = after.map(([start]) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(new Date(start)));
  assert.deepEqual(local, ['10:00', '10:00', '10:00', '10:00'], `one hour later in local time on both sides of the DST change: ${after.map(([s]) => s).join(', ')}`);
  assert.deepEqual(after.map(([start], i) => Date.parse(start) - Date.parse(before[i]?.[0] ?? '')), [3_600_000, 3_600_000, 3_600_000, 3_600_000]);
  await linkedEverywhere(w, after.map(([, key]) => key));
  for (const user of USERS) assert.equal(exceptions(w, user), 0, user);
});

it('B-A13/B-A7: an LN edit of one occurrence’s activity is the one write to that occurrence: it alone becomes an exception, for every copy', async () => {
  const w = await threeUsers();
  w.graph.createEventAsUser(ADELE, weeklySeries('Weekly', day(2), '13:00', 'UTC', 4, [MEGAN, ALEX]));
  await w.settleCalendar();
  const [, second] = w.graph.calendarView(ADELE, `${day(0)}T00:00:00Z`, `${day(40)}T00:00:00Z`);
  const key = w.ln.listActivities().find((a) => a.ExternalReference === second?.['iCalUId'])?.Activity ?? '';
  w.ln.updateActivity(key, { Subject: 'Weekly (with the customer)' });
  await w.settleCalendar();
  for (const user of USERS) {
    const view = w.graph.calendarView(user, `${day(0)}T00:00:00Z`, `${day(40)}T00:00:00Z`);
    assert.deepEqual(view.map((o) => [o['type'], o['subject']]), [
      ['occurrence', 'Weekly'], ['exception', 'Weekly (with the customer)'], ['occurrence', 'Weekly'], ['occurrence', 'Weekly'],
    ], user);
  }
  assert.deepEqual(w.ln.listActivities().map((a) => a.Subject).sort(), ['Weekly', 'Weekly', 'Weekly', 'Weekly (with the customer)']);
});
