// Calendar items flowing from LN to Exchange end to end: B-A1, B-A2, B-A3, B-A4, B-A8.
// LN simulator ⇄ LN client, Graph simulator (meetings delivered between mailboxes) ⇄ Graph client, Azurite.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, contactWorld as world } from './sync-world';

const future = (days: number, hour: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

function meeting(key: string, organizer: string, invitees: Array<{ employee?: string; email?: string; invite?: boolean }>, extra: Record<string, unknown> = {}) {
  return {
    Activity: key, Type: 'Appointment' as const, Subject: `Meeting ${key}`, Text: 'Agenda', Location: 'Room 1',
    StartDate: future(2, 9), EndDate: future(2, 10), Organizer: organizer, ...extra,
    Attendees: [
      { AttendeeType: 'Employee' as const, Employee: organizer, Attendance: 'MeetingOrganizer' as const, Invite: true },
      ...invitees.map((i) => (i.employee
        ? { AttendeeType: 'Employee' as const, Employee: i.employee, Invite: i.invite ?? true }
        : { AttendeeType: 'Other' as const, FullName: i.email ?? '', Email: i.email ?? '', Invite: i.invite ?? true })),
    ],
  };
}

const subjects = (w: Awaited<ReturnType<typeof world>>, user: string): string[] =>
  w.graph.listEvents(user).map((e) => String(e['subject'])).sort();

it('B-A2: an LN meeting organized by a sync user is created in the organizer’s calendar and Exchange invites the others; the flags follow', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  w.ln.putActivity(meeting('ACT1', 'EMP000001', [{ employee: 'EMP000002' }, { email: 'guest@customer.example' }]));
  const first = await w.runCalendar(ADELE);
  assert.deepEqual(first.errors, []);
  const [organizerCopy] = w.graph.listEvents(ADELE);
  assert.equal(organizerCopy?.['subject'], 'Meeting ACT1');
  const invited = (organizerCopy?.['attendees'] as Array<{ emailAddress: { address: string } }>).map((a) => a.emailAddress.address).sort();
  assert.deepEqual(invited, ['guest@customer.example', MEGAN]);
  let lines = w.ln.getActivity('ACT1')?.Attendees ?? [];
  assert.deepEqual(lines.map((l) => [l.Attendance, l.SentToSynchronizer, l.Synchronized]), [
    ['MeetingOrganizer', false, true],
    ['Required', true, false],
    ['Required', true, false],
  ]);
  assert.deepEqual(subjects(w, MEGAN), ['Meeting ACT1'], 'Exchange delivered the invitation');
  await w.runCalendar(MEGAN);
  lines = w.ln.getActivity('ACT1')?.Attendees ?? [];
  assert.equal(lines[1]?.Synchronized, true, 'Megan’s copy linked: her line is Synchronized');
  assert.equal(lines[2]?.Synchronized, false, 'an outside guest stays SentToSynchronizer only');
  assert.equal(w.graph.listEvents(MEGAN).length, 1, 'no duplicate in Megan’s calendar');
  await w.settleCalendar();
});

it('B-A3: an LN appointment whose organizer is not a sync user lands directly in each invited sync user’s calendar, without invitations', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  w.ln.putEmployee({ Employee: 'EMP000009', Name: 'Outside Boss', User: 'boss', Email: 'boss@contoso.example' });
  w.ln.putActivity(meeting('ACT2', 'EMP000009', [{ employee: 'EMP000001' }, { employee: 'EMP000002' }, { employee: 'EMP000002', invite: false }]));
  const reports = [await w.runCalendar(ADELE), await w.runCalendar(MEGAN)];
  assert.deepEqual(reports.flatMap((r) => r.errors), []);
  for (const user of [ADELE, MEGAN]) {
    const events = w.graph.listEvents(user);
    assert.equal(events.length, 1, user);
    assert.deepEqual(events[0]?.['attendees'], [], 'no attendees, so no invitations');
  }
  const lines = w.ln.getActivity('ACT2')?.Attendees ?? [];
  assert.deepEqual(lines.slice(1).map((l) => l.Synchronized), [true, true, false]);
  assert.match(reports[0]?.warnings.join('\n') ?? '', /not a sync user.*B-A3/);
  await w.settleCalendar();
});

it('B-A4: employees are matched to sync users ignoring letter case, and the mismatch is reported', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  w.ln.putEmployee({ Employee: 'EMP000002', Name: 'Megan Bowen', User: 'megan', Email: 'Megan.Bowen@Contoso.example' });
  w.ln.putActivity(meeting('ACT3', 'EMP000001', [{ employee: 'EMP000002' }]));
  await w.runCalendar(ADELE);
  const report = await w.runCalendar(MEGAN);
  assert.equal(w.ln.getActivity('ACT3')?.Attendees?.[1]?.Synchronized, true);
  assert.match(report.warnings.join('\n'), /Megan\.Bowen@Contoso\.example.*B-A4/);
});

it('B-A1: only Calls and Appointments with Synchronize that end now or later are pulled; no request asks for the past', async () => {
  const w = await world({ users: [ADELE] });
  w.ln.putActivity(meeting('PAST', 'EMP000001', [], { StartDate: future(-3, 9), EndDate: future(-3, 10) }));
  w.ln.putActivity(meeting('TASK', 'EMP000001', [], { Type: 'Task' }));
  w.ln.putActivity(meeting('OFF', 'EMP000001', [], { Synchronize: false }));
  w.ln.putActivity(meeting('CALL', 'EMP000001', [], { Type: 'Call' }));
  w.graph.createEventAsUser(ADELE, { subject: 'Old', start: { dateTime: future(-2, 9).slice(0, 19), timeZone: 'UTC' }, end: { dateTime: future(-2, 10).slice(0, 19), timeZone: 'UTC' } });
  const started = Date.now();
  await w.runCalendar(ADELE);
  assert.deepEqual(subjects(w, ADELE), ['Meeting CALL', 'Old']);
  assert.equal(w.ln.listActivities().length, 4, 'the past Outlook event was not pulled into LN');
  const lnActivityReads = w.ln.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Activities'));
  assert.ok(lnActivityReads.length > 0);
  for (const r of lnActivityReads) {
    const bound = /EndDate ge ([0-9TZ:.-]+)/.exec(r.query['$filter'] ?? '');
    assert.ok(bound && Date.parse(bound[1] ?? '') >= started - 1000, `LN read bounded to the present: ${r.query['$filter']}`);
  }
  const views = w.graph.requests.filter((r) => r.path.includes('calendarView') && r.query['startDateTime']);
  assert.ok(views.length > 0);
  for (const r of views) assert.ok(Date.parse(`${(r.query['startDateTime'] ?? '').replace(/Z?$/, 'Z')}`) >= started - 1000, `calendar view starts now: ${r.query['startDateTime']}`);
});

it('B-A8: cancelled in LN cancels the organizer’s meeting (attendees’ copies go); Synchronize cleared removes a direct copy', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  w.ln.putEmployee({ Employee: 'EMP000009', Name: 'Outside Boss', User: 'boss', Email: 'boss@contoso.example' });
  w.ln.putActivity(meeting('M1', 'EMP000001', [{ employee: 'EMP000002' }]));
  w.ln.putActivity(meeting('D1', 'EMP000009', [{ employee: 'EMP000001' }]));
  await w.settleCalendar();
  assert.equal(w.graph.listEvents(ADELE).length, 2);
  assert.equal(w.graph.listEvents(MEGAN).length, 1);
  w.ln.updateActivity('M1', { Status: 'Cancelled' });
  w.ln.updateActivity('D1', { Synchronize: false });
  const report = await w.runCalendar(ADELE);
  assert.equal(report.toExchange.deleted, 2);
  assert.deepEqual(w.graph.listEvents(ADELE), []);
  assert.deepEqual(w.graph.listEvents(MEGAN), [], 'Exchange withdrew the invitation');
  await w.settleCalendar();
  assert.equal(w.ln.listActivities().length, 2, 'nothing deleted in LN');
});

it('B-A9/B-A3: a direct copy the attendee deleted stays deleted; the line is declined', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  w.ln.putEmployee({ Employee: 'EMP000009', Name: 'Outside Boss', User: 'boss', Email: 'boss@contoso.example' });
  w.ln.putActivity(meeting('DIRECT', 'EMP000009', [{ employee: 'EMP000002' }]));
  await w.settleCalendar();
  const [copy] = w.graph.listEvents(MEGAN);
  w.graph.deleteEventAsUser(MEGAN, String(copy?.['id']));
  await w.settleCalendar();
  assert.deepEqual(w.graph.listEvents(MEGAN), [], 'not recreated');
  const line = w.ln.getActivity('DIRECT')?.Attendees?.find((l) => l.Employee === 'EMP000002');
  assert.deepEqual([line?.AttendanceStatus, line?.Synchronized], ['Declined', false]);
});

it('B-A7: attendees the organizer adds in Outlook stay on the meeting when LN changes it; new LN invitees are added', async () => {
  const w = await world({ users: [ADELE, MEGAN] });
  w.ln.putActivity(meeting('KEEP', 'EMP000001', [{ employee: 'EMP000002' }]));
  await w.settleCalendar();
  const [organizerCopy] = w.graph.listEvents(ADELE);
  const attendees = [...(organizerCopy?.['attendees'] as unknown[]), { type: 'required', emailAddress: { address: 'partner@customer.example', name: 'Partner' } }];
  w.graph.updateEventAsUser(ADELE, String(organizerCopy?.['id']), { attendees });
  w.ln.updateActivity('KEEP', { Subject: 'Kept attendees' });
  w.ln.addAttendee('KEEP', { AttendeeType: 'Other', FullName: 'Late', Email: 'late@customer.example' });
  await w.settleCalendar();
  const addresses = (w.graph.listEvents(ADELE)[0]?.['attendees'] as Array<{ emailAddress: { address: string } }>).map((a) => a.emailAddress.address).sort();
  assert.deepEqual(addresses, ['late@customer.example', MEGAN, 'partner@customer.example']);
  assert.equal(w.graph.listEvents(ADELE)[0]?.['subject'], 'Kept attendees');
});
