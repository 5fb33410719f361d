// Tests of the LN simulator's activity sets (tcapi.comActivity, ln-api.md) with raw fetch calls and direct access.
// $expand, deep insert, composite attendee keys, ETags, LastModificationDate bumps by attendees, tombstones, filters.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startLnSimulator, type LnSimulator } from './ln-simulator';

/** Loose view of simulator answers, enough for these assertions. */
interface SimJson {
  [key: string]: unknown;
  value: SimJson[];
  error: { code: string; message: string };
  Activity: string;
  Line: number;
  Attendees?: SimJson[];
  LastModificationDate: string;
  '@odata.etag': string;
  '@odata.nextLink'?: string;
}

const A = 'tcapi.comActivity';
const slot = { StartDate: '2026-11-21T09:00:00Z', EndDate: '2026-11-21T10:00:00Z' };

describe('LN simulator: activities', () => {
  let sim: LnSimulator;
  let token: string;
  beforeEach(async () => {
    sim = await startLnSimulator({ pageSize: 2 });
    const form = new URLSearchParams({
      grant_type: 'password',
      username: sim.ionapi.saak,
      password: sim.ionapi.sask,
      client_id: sim.ionapi.ci,
      client_secret: sim.ionapi.cs,
    });
    const res = await fetch(`${sim.ionapi.pu}${sim.ionapi.ot}`, { method: 'POST', body: form });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterEach(() => sim.close());

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sim.odataBaseUrl}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'X-Infor-LnCompany': sim.company, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as SimJson };
  };
  const getAll = async (path: string): Promise<SimJson[]> => {
    const out: SimJson[] = [];
    let next: string | undefined = `${sim.odataBaseUrl}/${path}`;
    while (next) {
      const res = await fetch(next, { headers: { Authorization: `Bearer ${token}`, 'X-Infor-LnCompany': sim.company } });
      const page = (await res.json()) as SimJson;
      assert.equal(res.status, 200, JSON.stringify(page));
      out.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return out;
  };

  it('putActivity applies LN defaults, numbers attendee lines and derives attendee type, name and email', () => {
    const a = sim.putActivity({ ...slot, Subject: 'Kick-off', Attendees: [{ Employee: 'EMP000001' }, { FullName: 'Guest', Email: 'g@x.example' }] });
    assert.match(a.Activity, /^ACT\d{6}$/);
    assert.equal(a.Type, 'Appointment');
    assert.equal(a.Status, 'Planned');
    assert.equal(a.Sensitivity, 'Normal');
    assert.equal(a.ShowTimeAs, 'Busy');
    assert.equal(a.AllDay, false);
    assert.equal(a.CreatedByLN, true);
    assert.equal(a.Synchronize, true);
    assert.ok(a.LastModificationDate);
    assert.deepEqual(
      a.Attendees.map((t) => [t.Line, t.AttendeeType, t.FullName, t.Email]),
      [
        [1, 'Employee', 'Adele Vance', 'adele.vance@contoso.example'],
        [2, 'Other', 'Guest', 'g@x.example'],
      ],
    );
    const first = a.Attendees[0];
    assert.equal(first?.Attendance, 'Required');
    assert.equal(first?.AttendanceStatus, 'None');
    assert.equal(first?.Invite, true);
    assert.equal(first?.SentToSynchronizer, false);
    assert.equal(first?.Synchronized, false);
    assert.deepEqual(sim.getActivity(a.Activity), a);
  });

  it('rejects attendees and organizers that reference no employee or contact', () => {
    assert.throws(() => sim.putActivity({ ...slot, Attendees: [{ Employee: 'GHOST' }] }), /Employee 'GHOST' does not exist/);
    assert.throws(() => sim.putActivity({ ...slot, Attendees: [{ AttendeeType: 'Contact', Contact: 'NOPE' }] }), /Contact 'NOPE' does not exist/);
    assert.throws(() => sim.putActivity({ ...slot, Organizer: 'GHOST' }), /Organizer 'GHOST' is not an employee/);
    assert.throws(() => sim.putActivity({ StartDate: slot.EndDate, EndDate: slot.StartDate }), /EndDate is before StartDate/);
    assert.throws(() => sim.putActivity({ ...slot, Type: 'Meeting' as 'Call' }), /Type/);
    assert.equal(sim.listActivities().length, 0, 'nothing half-written');
  });

  it('filters with enum literals, DateTimeOffset comparisons, and/or and parentheses', async () => {
    const future = { StartDate: '2099-01-01T09:00:00Z', EndDate: '2099-01-01T10:00:00Z' };
    const past = { StartDate: '2020-01-01T09:00:00Z', EndDate: '2020-01-01T10:00:00Z' };
    const appointment = sim.putActivity({ ...future, Subject: 'appointment' });
    const call_ = sim.putActivity({ ...future, Subject: 'call', Type: 'Call' });
    sim.putActivity({ ...future, Subject: 'task', Type: 'Task' });
    sim.putActivity({ ...future, Subject: 'not synchronized', Synchronize: false });
    sim.putActivity({ ...past, Subject: 'past' });
    const enumType = `${A}.ActivityType`;
    const filter = `Synchronize eq true and EndDate ge 2026-06-01T00:00:00Z and (Type eq ${enumType}'Appointment' or Type eq ${enumType}'Call')`;
    const rows = await getAll(`${A}/Activities?$filter=${encodeURIComponent(filter)}&$expand=Attendees`);
    assert.deepEqual(rows.map((r) => r.Activity).sort(), [appointment.Activity, call_.Activity].sort());
    assert.ok(rows.every((r) => Array.isArray(r.Attendees)), '$expand survives paging');
  });

  it('$expand=Attendees inlines the lines in Line order; without it there is no Attendees property', async () => {
    const a = sim.putActivity({ ...slot, Attendees: Array.from({ length: 11 }, (_, i) => ({ FullName: `P${i + 1}` })) });
    const expanded = await call('GET', `${A}/Activities('${a.Activity}')?$expand=Attendees`);
    assert.deepEqual(expanded.json.Attendees?.map((t) => t.Line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.match(String(expanded.json.Attendees?.[0]?.['@odata.etag']), /^W\/"\d+"$/);
    const plain = await call('GET', `${A}/Activities('${a.Activity}')`);
    assert.equal('Attendees' in plain.json, false);
    const bad = await call('GET', `${A}/Activities?$expand=Contacts`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'InvalidExpand');
  });

  it('deep insert: POST Activities with Attendees writes both and answers with the lines', async () => {
    const body = { ...slot, Subject: 'Deep', CreatedByLN: false, Organizer: 'EMP000002', Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000002', Attendance: 'MeetingOrganizer' }, { AttendeeType: 'Other', FullName: 'X', Email: 'x@x.example' }] };
    const created = await call('POST', `${A}/Activities`, body);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal(created.headers.get('location'), `${sim.odataBaseUrl}/${A}/Activities('${created.json.Activity}')`);
    assert.deepEqual(created.json.Attendees?.map((t) => [t.Activity, t.Line, t.Attendance]), [
      [created.json.Activity, 1, 'MeetingOrganizer'],
      [created.json.Activity, 2, 'Required'],
    ]);
    assert.equal(sim.getActivity(created.json.Activity)?.Attendees.length, 2);
    const invalid = await call('POST', `${A}/Activities`, { ...slot, Attendees: [{ Employee: 'GHOST' }] });
    assert.equal(invalid.status, 400);
    assert.equal(sim.listActivities().length, 1, 'a rejected deep insert writes nothing');
  });

  it('attendees are addressed by the composite key (Activity=…,Line=n); PATCH needs a current ETag and bumps the activity', async () => {
    const a = sim.putActivity({ ...slot, Attendees: [{ Employee: 'EMP000001' }, { Employee: 'EMP000002' }] });
    const path = `${A}/Attendees(Activity='${a.Activity}',Line=2)`;
    const line = await call('GET', path);
    assert.equal(line.status, 200);
    assert.equal(line.json.Employee, 'EMP000002');
    assert.equal((await call('GET', `${A}/Attendees(Activity='${a.Activity}',Line=9)`)).status, 404);
    assert.equal((await call('GET', `${A}/Attendees(Line=2)`)).status, 400);
    assert.equal((await call('PATCH', path, { Synchronized: true })).status, 428);
    assert.equal((await call('PATCH', path, { Synchronized: true }, { 'If-Match': 'W/"0"' })).status, 412);
    const ok = await call('PATCH', path, { Synchronized: true, AttendanceStatus: 'Accepted' }, { 'If-Match': line.json['@odata.etag'] });
    assert.equal(ok.status, 204);
    const after = sim.getActivity(a.Activity);
    assert.equal(after?.Attendees[1]?.Synchronized, true);
    assert.equal(after?.Attendees[1]?.AttendanceStatus, 'Accepted');
    assert.ok((after?.LastModificationDate ?? '') > a.LastModificationDate, 'LastModificationDate changes with an attendee');
    assert.notEqual(after?.['@odata.etag'], a['@odata.etag']);
    assert.equal((await call('PATCH', path, { Line: 5 }, { 'If-Match': '*' })).status, 400);
  });

  it('POST Attendees assigns the next Line; DELETE Attendees removes it; both bump the activity', async () => {
    const a = sim.putActivity({ ...slot, Attendees: [{ FullName: 'One' }, { FullName: 'Two' }] });
    const added = await call('POST', `${A}/Attendees`, { Activity: a.Activity, FullName: 'Three' });
    assert.equal(added.status, 201);
    assert.equal(added.json.Line, 3);
    assert.equal(added.headers.get('location'), `${sim.odataBaseUrl}/${A}/Attendees(Activity='${a.Activity}',Line=3)`);
    const afterAdd = sim.getActivity(a.Activity);
    assert.ok((afterAdd?.LastModificationDate ?? '') > a.LastModificationDate);
    assert.equal((await call('POST', `${A}/Attendees`, { Activity: 'ACT999999', FullName: 'Orphan' })).status, 400);
    const del = await call('DELETE', `${A}/Attendees(Activity='${a.Activity}',Line=1)`, undefined, { 'If-Match': '*' });
    assert.equal(del.status, 204);
    const afterDelete = sim.getActivity(a.Activity);
    assert.deepEqual(afterDelete?.Attendees.map((t) => t.Line), [2, 3]);
    assert.ok((afterDelete?.LastModificationDate ?? '') > (afterAdd?.LastModificationDate ?? ''));
    assert.equal(sim.addAttendee(a.Activity, { Employee: 'EMP000001' }).Line, 4, 'lines are never reused below the highest');
  });

  it('PATCH and DELETE Activities honour If-Match; DELETE writes a tombstone and removes the attendees', async () => {
    const a = sim.putActivity({ ...slot, Attendees: [{ FullName: 'One' }] });
    const path = `${A}/Activities('${a.Activity}')`;
    assert.equal((await call('PATCH', path, { Subject: 'x' }, { 'If-Match': 'W/"0"' })).status, 412);
    const patched = await call('PATCH', path, { Subject: 'Moved', Status: 'Held' }, { 'If-Match': a['@odata.etag'], Prefer: 'return=representation' });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.Subject, 'Moved');
    assert.equal((await call('PATCH', path, { Attendees: [] }, { 'If-Match': '*' })).status, 400);
    assert.equal((await call('DELETE', path, undefined, { 'If-Match': a['@odata.etag'] })).status, 412);
    assert.equal((await call('DELETE', path, undefined, { 'If-Match': patched.json['@odata.etag'] })).status, 204);
    assert.equal(sim.getActivity(a.Activity), undefined);
    assert.deepEqual(await getAll(`${A}/Attendees?$filter=${encodeURIComponent(`Activity eq '${a.Activity}'`)}`), []);
    const tombs = await getAll(`${A}/DeletedActivities?$filter=${encodeURIComponent('DeletionDate gt 2020-01-01T00:00:00Z')}`);
    assert.deepEqual(tombs.map((t) => t.Activity), [a.Activity]);
    assert.deepEqual(sim.listDeletedActivities().map((t) => t.Activity), [a.Activity]);
  });

  it('direct helpers: updateActivity, updateAttendee and deleteActivity follow the same rules', () => {
    const a = sim.putActivity({ ...slot, Attendees: [{ Employee: 'EMP000001' }] });
    const moved = sim.updateActivity(a.Activity, { Location: 'Room 1' });
    assert.equal(moved.Location, 'Room 1');
    assert.equal(moved.Attendees.length, 1);
    const line = sim.updateAttendee(a.Activity, 1, { SentToSynchronizer: true });
    assert.equal(line.SentToSynchronizer, true);
    assert.ok((sim.getActivity(a.Activity)?.LastModificationDate ?? '') > moved.LastModificationDate);
    const replaced = sim.putActivity({ ...slot, Activity: a.Activity, Subject: 'Replaced' });
    assert.equal(replaced.Attendees.length, 1, 'a replace without Attendees keeps the lines');
    sim.deleteActivity(a.Activity);
    assert.equal(sim.listActivities().length, 0);
    assert.equal(sim.listDeletedActivities().length, 1);
    assert.throws(() => sim.updateAttendee(a.Activity, 1, { Synchronized: true }), /does not exist/);
  });
});
