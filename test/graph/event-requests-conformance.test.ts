// Every request body the service sends to Graph during calendar synchronization conforms to Microsoft's OpenAPI
// description (Calendar.yml), $batch sub-requests included; every request asks for immutable ids.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, contactWorld } from '../scenarios/sync-world';
import { loadGraphOpenApi } from '../simulators/graph/openapi-validator';

const future = (days: number, hour: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

it('B-I4: request bodies sent for calendar items agree with Calendar.yml and carry Prefer IdType="ImmutableId"', async () => {
  const w = await contactWorld({ users: [ADELE, MEGAN] });
  w.ln.putEmployee({ Employee: 'EMP000009', Name: 'Outside', User: 'out', Email: 'out@contoso.example' });
  const organizerLine = (e: string) => ({ AttendeeType: 'Employee' as const, Employee: e, Attendance: 'MeetingOrganizer' as const });
  w.ln.putActivity({ Activity: 'A1', Type: 'Appointment', Subject: 'Timed', Text: 'Body', Location: 'Room', StartDate: future(2, 9), EndDate: future(2, 10), Organizer: 'EMP000001', Sensitivity: 'Private', Attendees: [organizerLine('EMP000001'), { AttendeeType: 'Employee', Employee: 'EMP000002' }, { AttendeeType: 'Other', FullName: 'Guest', Email: 'guest@example.com' }] });
  w.ln.putActivity({ Activity: 'A2', Type: 'Call', Subject: 'All day', AllDay: true, StartDate: `${future(3, 0).slice(0, 10)}T00:00:00Z`, EndDate: `${future(4, 0).slice(0, 10)}T00:00:00Z`, Organizer: 'EMP000009', Attendees: [organizerLine('EMP000009'), { AttendeeType: 'Employee', Employee: 'EMP000001' }] });
  await w.settleCalendar();
  w.ln.updateActivity('A1', { Subject: 'Timed (moved)', StartDate: future(5, 9), EndDate: future(5, 10) });
  w.ln.addAttendee('A1', { AttendeeType: 'Other', FullName: 'Late', Email: 'late@example.com' });
  await w.settleCalendar();
  w.ln.updateActivity('A1', { Status: 'Cancelled' });
  w.ln.deleteActivity('A2');
  await w.settleCalendar();
  const api = loadGraphOpenApi(['Calendar.yml']);
  const sent = w.graph.requests.filter((r) => r.body !== undefined && r.body !== null && !r.path.endsWith('/$batch') && r.method !== 'GET');
  assert.ok(sent.some((r) => r.method === 'POST' && r.path.endsWith('/calendar/events')), 'events were created');
  assert.ok(sent.some((r) => r.method === 'PATCH'), 'an event was updated');
  assert.ok(sent.some((r) => r.path.endsWith('/cancel')), 'a meeting was cancelled');
  for (const r of sent) assert.deepEqual(api.validateRequest({ method: r.method, path: r.path, body: r.body }), [], `${r.method} ${r.path}`);
  for (const r of w.graph.requests.filter((x) => !x.path.endsWith('/$batch'))) assert.match(r.headers['prefer'] ?? '', /IdType="ImmutableId"/, `${r.method} ${r.path}`);
});
