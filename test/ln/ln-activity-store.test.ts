// Tests of the LN activity store (LnActivityPort) against the LN simulator over HTTP.
// Scope reads (B-A1), change reads, tombstones, deep-insert creates (B-A5, idempotent), updates, attendees, ETags.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EventFields } from '../../shared/domain/calendar-event';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { LnActivityStore } from '../../shared/ln/ln-activity-store';
import type { NewLnActivity } from '../../shared/sync/ports/ln-activity-port';
import { startLnHarness, type LnHarness } from './ln-test-harness';

const NOW = '2026-06-01T12:00:00Z';
const future = { StartDate: '2026-11-21T09:00:00Z', EndDate: '2026-11-21T10:00:00Z' };
const past = { StartDate: '2026-05-01T09:00:00Z', EndDate: '2026-05-01T10:00:00Z' };

const is412 = (err: unknown) => err instanceof ExternalServiceError && err.status === 412;

describe('LnActivityStore', () => {
  let h: LnHarness;
  let store: LnActivityStore;
  beforeEach(async () => {
    h = await startLnHarness({ pageSize: 2 });
    store = new LnActivityStore({ client: h.client });
  });
  afterEach(() => h.close());

  /** Every Activities collection read the store made. */
  const activityReads = () => h.sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Activities') && r.query.$skiptoken === undefined);

  const meeting = (over: Partial<NewLnActivity> = {}): NewLnActivity => ({
    fields: {
      subject: 'Planning',
      body: 'Agenda',
      location: 'Room 1',
      start: '2026-11-21T09:00:00Z',
      end: '2026-11-21T10:00:00Z',
      allDay: 'false',
      sensitivity: 'private',
      showAs: 'busy',
    },
    organizer: 'EMP000001',
    externalReference: 'ical-1',
    attendees: [
      { type: 'Employee', employee: 'EMP000001', fullName: 'Adele Vance', email: 'adele.vance@contoso.example', attendance: 'MeetingOrganizer', status: 'Accepted', invite: false, sentToSynchronizer: false, synchronized: true },
      { type: 'Other', fullName: 'Guest', email: 'guest@x.example', attendance: 'Optional', status: 'None', invite: true, sentToSynchronizer: false, synchronized: true },
    ],
    ...over,
  });

  it('B-A1: listInScope returns synchronized Appointments and Calls ending now or later, with attendees', async () => {
    const appointment = h.sim.putActivity({ ...future, Attendees: [{ Employee: 'EMP000001' }, { Employee: 'EMP000002' }] });
    const call = h.sim.putActivity({ ...future, Type: 'Call' });
    const endsNow = h.sim.putActivity({ StartDate: '2026-06-01T11:00:00Z', EndDate: NOW });
    h.sim.putActivity({ ...future, Type: 'Task' });
    h.sim.putActivity({ ...future, Type: 'Mailing' });
    h.sim.putActivity({ ...future, Synchronize: false });
    h.sim.putActivity({ ...past });
    const scope = await store.listInScope(NOW);
    assert.deepEqual(scope.map((s) => s.key).sort(), [appointment.Activity, call.Activity, endsNow.Activity].sort());
    const first = scope.find((s) => s.key === appointment.Activity);
    assert.deepEqual(first?.attendees.map((a) => [a.line, a.employee]), [[1, 'EMP000001'], [2, 'EMP000002']]);
    const [read] = activityReads();
    assert.equal(
      read?.query.$filter,
      "Synchronize eq true and EndDate ge 2026-06-01T12:00:00Z and (Type eq tcapi.comActivity.ActivityType'Appointment' or Type eq tcapi.comActivity.ActivityType'Call')",
    );
    assert.equal(read?.query.$expand, 'Attendees');
  });

  it('B-A1: listChanged sees out-of-scope changes (Synchronize cleared, attendee edits) but never asks for past activities', async () => {
    const a = h.sim.putActivity({ ...future, Attendees: [{ Employee: 'EMP000001' }] });
    const b = h.sim.putActivity({ ...future });
    const old = h.sim.putActivity({ ...past });
    const since = h.sim.getActivity(old.Activity)?.LastModificationDate ?? '';
    assert.deepEqual(await store.listChanged(since, NOW), []);
    h.sim.updateAttendee(a.Activity, 1, { AttendanceStatus: 'Declined' });
    h.sim.updateActivity(b.Activity, { Synchronize: false });
    h.sim.updateActivity(old.Activity, { Subject: 'edited in the past' });
    const changed = await store.listChanged(since, NOW);
    assert.deepEqual(changed.map((s) => [s.key, s.synchronize]).sort(), [
      [a.Activity, true],
      [b.Activity, false],
    ]);
    assert.equal(changed.find((s) => s.key === a.Activity)?.attendees[0]?.status, 'Declined');
    await store.listInScope(NOW);
    const reads = activityReads();
    assert.equal(reads.length, 3);
    for (const r of reads) assert.match(r.query.$filter ?? '', /EndDate ge 2026-06-01T12:00:00Z/);
  });

  it('listDeleted, get, findByExternalReference and listEmployees', async () => {
    const a = h.sim.putActivity({ ...future, ExternalReference: 'ical-9', Attendees: [{ FullName: 'X' }] });
    const b = h.sim.putActivity({ ...past });
    h.sim.deleteActivity(b.Activity);
    assert.deepEqual((await store.listDeleted('2000-01-01T00:00:00Z')).map((t) => t.key), [b.Activity]);
    const got = await store.get(a.Activity);
    assert.equal(got?.etag, a['@odata.etag']);
    assert.equal(got?.attendees[0]?.fullName, 'X');
    assert.equal(await store.get('ACT999999'), undefined);
    assert.deepEqual((await store.findByExternalReference('ical-9')).map((s) => s.key), [a.Activity]);
    assert.deepEqual(await store.findByExternalReference('none'), []);
    assert.deepEqual(await store.listEmployees(), [
      { employee: 'EMP000001', name: 'Adele Vance', user: 'adele', email: 'adele.vance@contoso.example' },
      { employee: 'EMP000002', name: 'Megan Bowen', user: 'megan', email: 'megan.bowen@contoso.example' },
    ]);
  });

  it('B-A5: findContactKeysByEmail looks emails up in chunks and keys the answer by lower-cased email', async () => {
    const anna = h.sim.putContact({ FirstName: 'Anna', Email: 'Anna@X.example' });
    const bob = h.sim.putContact({ FirstName: 'Bob', Email: "o'bob@x.example" });
    const emails = ['Anna@X.example', "o'bob@x.example", ...Array.from({ length: 20 }, (_, i) => `nobody${i}@x.example`), ''];
    const found = await store.findContactKeysByEmail(emails);
    assert.deepEqual([...found.entries()].sort(), [
      ['anna@x.example', anna.Contact],
      ["o'bob@x.example", bob.Contact],
    ]);
    const reads = h.sim.requests.filter((r) => r.path.endsWith('/Contacts') && r.query.$skiptoken === undefined);
    assert.equal(reads.length, 2, '22 emails in chunks of 15');
    assert.equal(reads[0]?.query.$select, 'Contact,Email');
  });

  it('B-A5: create deep-inserts an Exchange-originated Appointment with its attendees', async () => {
    const snap = await store.create(meeting());
    const ln = h.sim.getActivity(snap.key);
    assert.equal(ln?.Type, 'Appointment');
    assert.equal(ln?.CreatedByLN, false);
    assert.equal(ln?.Synchronize, true);
    assert.equal(ln?.ExternalReference, 'ical-1');
    assert.equal(ln?.Organizer, 'EMP000001');
    assert.equal(ln?.Sensitivity, 'Private');
    assert.equal(ln?.StartDate, '2026-11-21T09:00:00Z');
    assert.deepEqual(ln?.Attendees.map((a) => [a.Line, a.AttendeeType, a.Attendance, a.Synchronized, a.SentToSynchronizer, a.Invite]), [
      [1, 'Employee', 'MeetingOrganizer', true, false, false],
      [2, 'Other', 'Optional', true, false, true],
    ]);
    assert.equal(snap.fields.subject, 'Planning');
    assert.equal(snap.fields.sensitivity, 'private');
    assert.equal(snap.attendees.length, 2);
    assert.equal(snap.etag, ln?.['@odata.etag']);
    assert.equal(h.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Activities')).length, 1, 'one deep insert');
  });

  it('B-I1: create is idempotent on the iCalUId, also when the answer to the insert was lost', async () => {
    const first = await store.create(meeting());
    const again = await store.create(meeting());
    assert.equal(again.key, first.key);
    assert.equal(h.sim.listActivities().length, 1);
    h.sim.faults.dropResponseAfterWrite(1);
    await assert.rejects(store.create(meeting({ externalReference: 'ical-2' })), (err: unknown) => err instanceof ExternalServiceError && err.status === 0);
    assert.equal(h.sim.listActivities().length, 2, 'the write was applied');
    const retry = await store.create(meeting({ externalReference: 'ical-2' }));
    assert.equal(retry.externalReference, 'ical-2');
    assert.equal(h.sim.listActivities().length, 2);
  });

  it('B-A11: an all-day event is stored on LN dates (end = day after the last day) and reads back unchanged', async () => {
    const allDay: EventFields = { ...meeting().fields, start: '2026-11-21', end: '2026-11-23', allDay: 'true' };
    const snap = await store.create(meeting({ fields: allDay, externalReference: 'ical-day' }));
    const ln = h.sim.getActivity(snap.key);
    assert.deepEqual([ln?.StartDate, ln?.EndDate, ln?.AllDay], ['2026-11-21T00:00:00Z', '2026-11-23T00:00:00Z', true]);
    assert.deepEqual(snap.fields, allDay);
    assert.deepEqual((await store.get(snap.key))?.fields, allDay);
  });

  it('update patches mapped fields, status and reference with If-Match; a stale ETag is a 412', async () => {
    const a = h.sim.putActivity({ ...future, Attendees: [{ Employee: 'EMP000002' }] });
    const updated = await store.update(a.Activity, a['@odata.etag'], { subject: 'Moved', start: '2026-11-22T09:00:00Z', end: '2026-11-22T10:00:00Z' }, { status: 'Cancelled', externalReference: 'ical-x' });
    assert.equal(updated.fields.subject, 'Moved');
    assert.equal(updated.status, 'Cancelled');
    assert.equal(updated.externalReference, 'ical-x');
    assert.equal(updated.attendees.length, 1, 'the answer has the attendees');
    assert.equal(h.sim.getActivity(a.Activity)?.StartDate, '2026-11-22T09:00:00Z');
    const patch = h.sim.requests.find((r) => r.method === 'PATCH');
    assert.deepEqual(patch?.body, { Subject: 'Moved', StartDate: '2026-11-22T09:00:00Z', EndDate: '2026-11-22T10:00:00Z', Status: 'Cancelled', ExternalReference: 'ical-x' });
    await assert.rejects(store.update(a.Activity, a['@odata.etag'], { subject: 'stale' }), is412);
    await assert.rejects(store.update(a.Activity, a['@odata.etag'], {}), is412, 'an empty patch still checks the ETag');
    assert.equal((await store.update(a.Activity, updated.etag, {})).key, a.Activity);
  });

  it('delete needs the current ETag and leaves a tombstone', async () => {
    const a = h.sim.putActivity({ ...future, Attendees: [{ FullName: 'X' }] });
    h.sim.updateAttendee(a.Activity, 1, { Synchronized: true });
    await assert.rejects(store.delete(a.Activity, a['@odata.etag']), is412, 'the attendee edit changed the activity ETag');
    const current = await store.get(a.Activity);
    await store.delete(a.Activity, current?.etag ?? '');
    assert.equal(h.sim.getActivity(a.Activity), undefined);
    assert.deepEqual(h.sim.listDeletedActivities().map((t) => t.Activity), [a.Activity]);
  });

  it('B-A2: updateAttendee patches the line by its composite key and the activity shows it as changed', async () => {
    const a = h.sim.putActivity({ ...future, Attendees: [{ Employee: 'EMP000001' }, { Employee: 'EMP000002' }] });
    const before = await store.get(a.Activity);
    const line = before?.attendees[1];
    assert.ok(before && line);
    await store.updateAttendee(a.Activity, 2, line.etag, { sentToSynchronizer: true, synchronized: false, status: 'Tentative' });
    const patch = h.sim.requests.find((r) => r.method === 'PATCH');
    assert.match(decodeURIComponent(patch?.path ?? ''), /\/Attendees\(Activity='ACT000001',Line=2\)$/);
    assert.deepEqual(patch?.body, { Synchronized: false, SentToSynchronizer: true, AttendanceStatus: 'Tentative' });
    const after = await store.get(a.Activity);
    assert.deepEqual([after?.attendees[1]?.sentToSynchronizer, after?.attendees[1]?.status], [true, 'Tentative']);
    assert.ok((after?.modifiedAt ?? '') > before.modifiedAt, 'LastModificationDate bumped by the attendee');
    assert.deepEqual((await store.listChanged(before.modifiedAt, NOW)).map((s) => s.key), [a.Activity]);
    await assert.rejects(store.updateAttendee(a.Activity, 2, line.etag, { synchronized: true }), is412);
  });
});
