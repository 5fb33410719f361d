// Calendar items made or changed in Outlook, end to end: B-A5, B-A6, B-A7, B-A9, B-A10, B-A11, B-A12.
// Outlook users act through the Graph simulator's mailbox API, which delivers meetings between hosted mailboxes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, contactWorld as world, type ContactWorld } from './sync-world';

const ALEX = 'alex.wilber@contoso.example';

const day = (days: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const at = (days: number, hour: number): { dateTime: string; timeZone: string } => ({ dateTime: `${day(days)}T${String(hour).padStart(2, '0')}:00:00`, timeZone: 'UTC' });

function outlookMeeting(subject: string, attendees: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject, body: { contentType: 'text', content: 'Bring numbers' }, location: { displayName: 'Teams' }, start: at(3, 14), end: at(3, 15),
    attendees: attendees.map((address) => ({ type: 'required', emailAddress: { address, name: address.split('@')[0] } })), ...extra,
  };
}

async function threeUsers(): Promise<ContactWorld> {
  const w = await world({ users: [ADELE, MEGAN, ALEX] });
  w.ln.putEmployee({ Employee: 'EMP000003', Name: 'Alex Wilber', User: 'alex', Email: ALEX });
  return w;
}

it('B-A5: an Outlook event becomes an LN Appointment from Exchange, with typed attendee lines all Synchronized', async () => {
  const w = await world({ users: [ADELE] });
  w.ln.putContact({ Contact: 'C1', FirstName: 'Cus', LastName: 'Tomer', Email: 'customer@fabrikam.example', BusinessPartner: 'BP0000002', Synchronize: true });
  const ev = w.graph.createEventAsUser(ADELE, outlookMeeting('Pricing', [MEGAN, 'customer@fabrikam.example', 'someone@else.example']));
  const report = await w.runCalendar(ADELE);
  assert.deepEqual(report.errors, []);
  const [activity] = w.ln.listActivities();
  assert.ok(activity);
  assert.equal(activity.Type, 'Appointment');
  assert.equal(activity.CreatedByLN, false);
  assert.equal(activity.Synchronize, true);
  assert.equal(activity.ExternalReference, ev['iCalUId']);
  assert.equal(activity.Subject, 'Pricing');
  assert.equal(activity.Text, 'Bring numbers');
  assert.equal(activity.Location, 'Teams');
  assert.equal(activity.Organizer, 'EMP000001');
  assert.deepEqual((activity.Attendees ?? []).map((l) => [l.AttendeeType, l.Attendance, l.Synchronized, l.SentToSynchronizer]), [
    ['Employee', 'MeetingOrganizer', true, false],
    ['Employee', 'Required', true, false],
    ['Contact', 'Required', true, false],
    ['Other', 'Required', true, false],
  ]);
  assert.equal((await w.runCalendar(ADELE)).writes, 0, 'a further run writes nothing');
});

it('B-A6: a meeting among three sync users created in Exchange yields exactly one LN activity with three linked copies', async () => {
  const w = await threeUsers();
  w.graph.createEventAsUser(MEGAN, outlookMeeting('Quarterly', [ADELE, ALEX]));
  for (const user of [ADELE, ALEX, MEGAN, ADELE, ALEX]) await w.runCalendar(user); // attendees first: they wait for the organizer
  await w.settleCalendar();
  assert.equal(w.ln.listActivities().length, 1);
  const key = w.ln.listActivities()[0]?.Activity ?? '';
  for (const user of [ADELE, MEGAN, ALEX]) assert.equal((await w.services.links.get(user, 'event', key))?.state, 'linked', user);
});

it('B-A7: the organizer’s edits reach LN; an attendee’s response updates only that attendee’s AttendanceStatus; LN edits reach every copy', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  const ev = w.graph.createEventAsUser(ADELE, outlookMeeting('Plan', [MEGAN]));
  await w.settleCalendar();
  const key = w.ln.listActivities()[0]?.Activity ?? '';
  w.graph.updateEventAsUser(ADELE, String(ev['id']), { subject: 'Plan (moved)', start: at(4, 9), end: at(4, 10) });
  const megansCopy = w.graph.listEvents(MEGAN)[0];
  w.graph.respondAsUser(MEGAN, String(megansCopy?.['id']), 'tentativelyAccept');
  await w.settleCalendar();
  const activity = w.ln.getActivity(key);
  assert.equal(activity?.Subject, 'Plan (moved)');
  assert.equal(activity?.StartDate, `${day(4)}T09:00:00Z`);
  assert.equal(activity?.Attendees?.find((l) => l.Employee === 'EMP000002')?.AttendanceStatus, 'Tentative');
  w.ln.updateActivity(key, { Location: 'Board room' });
  await w.settleCalendar();
  for (const user of [ADELE, MEGAN]) assert.equal((w.graph.listEvents(user)[0]?.['location'] as { displayName?: string } | undefined)?.displayName, 'Board room', user);
});

it('B-A9: deleted by the organizer ⇒ an Exchange-born activity is deleted, an LN-born one cancelled; deleted by an attendee ⇒ declined', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  const born = w.graph.createEventAsUser(ADELE, outlookMeeting('From Outlook', [MEGAN]));
  w.ln.putActivity({
    Activity: 'LNBORN', Type: 'Appointment', Subject: 'From LN', StartDate: `${day(5)}T09:00:00Z`, EndDate: `${day(5)}T10:00:00Z`, Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer' }, { AttendeeType: 'Employee', Employee: 'EMP000002' }],
  });
  w.ln.putActivity({
    Activity: 'DECLINE', Type: 'Appointment', Subject: 'Declined', StartDate: `${day(6)}T09:00:00Z`, EndDate: `${day(6)}T10:00:00Z`, Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer' }, { AttendeeType: 'Employee', Employee: 'EMP000002' }],
  });
  await w.settleCalendar();
  const exchangeBorn = w.ln.listActivities().find((a) => a.ExternalReference === born['iCalUId'])?.Activity ?? '';
  w.graph.deleteEventAsUser(ADELE, String(born['id']));
  const lnBorn = w.graph.listEvents(ADELE).find((e) => e['subject'] === 'From LN');
  w.graph.deleteEventAsUser(ADELE, String(lnBorn?.['id']));
  const declined = w.graph.listEvents(MEGAN).find((e) => e['subject'] === 'Declined');
  w.graph.deleteEventAsUser(MEGAN, String(declined?.['id']));
  await w.settleCalendar();
  assert.equal(w.ln.getActivity(exchangeBorn), undefined, 'Exchange-born activity deleted');
  assert.equal(w.ln.getActivity('LNBORN')?.Status, 'Cancelled', 'LN-born activity cancelled');
  const line = w.ln.getActivity('DECLINE')?.Attendees?.find((l) => l.Employee === 'EMP000002');
  assert.deepEqual([line?.Synchronized, line?.AttendanceStatus], [false, 'Declined']);
  assert.equal(w.ln.getActivity('DECLINE')?.Status, 'Planned', 'the activity stays');
});

it('B-A10/B-A11: a weekly series across a DST change: one activity per occurrence at the right UTC instants, local time kept in Exchange', async () => {
  const w = await world({ users: [ADELE] });
  const year = new Date().getUTCFullYear() + 1;
  w.graph.createEventAsUser(ADELE, {
    subject: 'Weekly sync', start: { dateTime: `${year}-10-13T09:00:00`, timeZone: 'Europe/Amsterdam' }, end: { dateTime: `${year}-10-13T09:30:00`, timeZone: 'Europe/Amsterdam' },
    recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: [weekday(`${year}-10-13`)], firstDayOfWeek: 'monday' }, range: { type: 'numbered', startDate: `${year}-10-13`, numberOfOccurrences: 4, recurrenceTimeZone: 'Europe/Amsterdam' } },
  });
  w.restart({ CALENDAR_HORIZON_DAYS: '3650' });
  await w.settleCalendar();
  const starts = w.ln.listActivities().map((a) => a.StartDate).sort();
  assert.equal(starts.length, 4, 'one activity per occurrence');
  const local = starts.map((s) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(new Date(s)));
  assert.deepEqual(local, ['09:00', '09:00', '09:00', '09:00'], `local time kept: ${starts.join(', ')}`);
  assert.notEqual(new Date(starts[0] ?? '').getUTCHours(), new Date(starts[3] ?? '').getUTCHours(), 'the UTC instant moves with daylight saving');
  const occurrence = w.graph.calendarView(ADELE, `${year}-10-19T00:00:00Z`, `${year}-10-21T00:00:00Z`)[0];
  w.graph.updateEventAsUser(ADELE, String(occurrence?.['id']), { subject: 'Weekly sync (exception)' });
  await w.settleCalendar();
  assert.deepEqual(w.ln.listActivities().map((a) => a.Subject).sort(), ['Weekly sync', 'Weekly sync', 'Weekly sync', 'Weekly sync (exception)'], 'an exception changes only its own activity');
});

it('B-A11: an all-day event stays on its dates whatever the time zone; B-A12: private stays private both ways', async () => {
  const w = await world({ users: [ADELE] });
  w.graph.setMailboxTimeZone(ADELE, 'W. Europe Standard Time');
  w.graph.createEventAsUser(ADELE, { subject: 'Holiday', isAllDay: true, sensitivity: 'private', start: { dateTime: `${day(10)}T00:00:00`, timeZone: 'W. Europe Standard Time' }, end: { dateTime: `${day(12)}T00:00:00`, timeZone: 'W. Europe Standard Time' } });
  w.ln.putActivity({ Activity: 'ALLDAY', Type: 'Appointment', Subject: 'Offsite', AllDay: true, Sensitivity: 'Private', StartDate: `${day(20)}T00:00:00Z`, EndDate: `${day(21)}T00:00:00Z`, Organizer: 'EMP000001', Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer' }] });
  await w.settleCalendar();
  const holiday = w.ln.listActivities().find((a) => a.Subject === 'Holiday');
  assert.deepEqual([holiday?.AllDay, holiday?.StartDate, holiday?.EndDate, holiday?.Sensitivity], [true, `${day(10)}T00:00:00Z`, `${day(12)}T00:00:00Z`, 'Private']);
  const offsite = await w.services.exchangeEvents.findByLnKey(ADELE, 'ALLDAY');
  assert.deepEqual([offsite[0]?.fields.allDay, offsite[0]?.fields.start, offsite[0]?.fields.end, offsite[0]?.fields.sensitivity], ['true', day(20), day(21), 'private']);
});

function weekday(date: string): string {
  return ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][new Date(`${date}T12:00:00Z`).getUTCDay()] ?? 'monday';
}
