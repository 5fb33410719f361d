// Tests of the LN activity mapper: LN Activity/Attendee entities ↔ domain EventFields and port snapshots.
// Timed instants in UTC, the all-day convention (exclusive end), sensitivity and show-as values, attendee lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventFields } from '../../shared/domain/calendar-event';
import type { LnActivityWithAttendees, LnAttendeeEntity } from '../../shared/ln/ln-activity-entities';
import {
  attendeePatchToLnBody,
  fieldsToLnActivityBody,
  lnActivityToFields,
  lnActivityToSnapshot,
  newAttendeeToLnBody,
} from '../../shared/ln/ln-activity-mapper';

const attendee = (over: Partial<LnAttendeeEntity> = {}): LnAttendeeEntity => ({
  '@odata.etag': 'W/"7"',
  Activity: 'ACT000001',
  Line: 1,
  AttendeeType: 'Employee',
  Employee: 'EMP000001',
  Contact: '',
  FullName: 'Adele Vance',
  Email: 'adele.vance@contoso.example',
  Attendance: 'MeetingOrganizer',
  AttendanceStatus: 'Accepted',
  Invite: true,
  SentToSynchronizer: true,
  Synchronized: false,
  ...over,
});

const activity = (over: Partial<LnActivityWithAttendees> = {}): LnActivityWithAttendees => ({
  '@odata.etag': 'W/"9"',
  Activity: 'ACT000001',
  Type: 'Appointment',
  Subject: 'Review',
  Text: 'Agenda',
  Location: 'Room 4',
  StartDate: '2026-11-21T09:30:00.000Z',
  EndDate: '2026-11-21T11:30:00+01:00',
  AllDay: false,
  Status: 'Planned',
  Sensitivity: 'Private',
  ShowTimeAs: 'OutOfOffice',
  Organizer: 'EMP000001',
  CreatedByLN: true,
  Synchronize: true,
  ExternalReference: '',
  LastModificationDate: '2026-11-01T08:00:00.123Z',
  Attendees: [],
  ...over,
});

describe('LN activity mapper', () => {
  it('maps a timed activity to UTC instants with second precision', () => {
    assert.deepEqual(lnActivityToFields(activity()), {
      subject: 'Review',
      body: 'Agenda',
      location: 'Room 4',
      start: '2026-11-21T09:30:00Z',
      end: '2026-11-21T10:30:00Z',
      allDay: 'false',
      sensitivity: 'private',
      showAs: 'oof',
    } satisfies EventFields);
  });

  it('B-A11: an all-day activity (first day 00:00Z … day after the last 00:00Z) maps to dates with an exclusive end', () => {
    const fields = lnActivityToFields(activity({ AllDay: true, StartDate: '2026-11-21T00:00:00Z', EndDate: '2026-11-23T00:00:00Z' }));
    assert.equal(fields.start, '2026-11-21');
    assert.equal(fields.end, '2026-11-23');
    assert.equal(fields.allDay, 'true');
  });

  it('B-A11: an all-day EndDate entered inside the last day, or equal to the start, still covers that day', () => {
    const inside = lnActivityToFields(activity({ AllDay: true, StartDate: '2026-11-21T00:00:00Z', EndDate: '2026-11-22T23:59:00Z' }));
    assert.deepEqual([inside.start, inside.end], ['2026-11-21', '2026-11-23']);
    const same = lnActivityToFields(activity({ AllDay: true, StartDate: '2026-11-21T00:00:00Z', EndDate: '2026-11-21T00:00:00Z' }));
    assert.deepEqual([same.start, same.end], ['2026-11-21', '2026-11-22']);
  });

  it('B-A11: all-day round trip domain → LN → domain keeps the days, across a daylight-saving change', () => {
    const fields: EventFields = {
      subject: 'Offsite',
      body: '',
      location: '',
      start: '2026-10-24',
      end: '2026-10-27',
      allDay: 'true',
      sensitivity: 'normal',
      showAs: 'free',
    };
    const body = fieldsToLnActivityBody(fields);
    assert.equal(body.StartDate, '2026-10-24T00:00:00Z');
    assert.equal(body.EndDate, '2026-10-27T00:00:00Z', 'LN stores the day after the last day');
    assert.equal(body.AllDay, true);
    const back = lnActivityToFields(activity({ ...body, Text: '', Location: '', StartDate: body.StartDate ?? '', EndDate: body.EndDate ?? '' }));
    assert.deepEqual(back, fields);
  });

  it('timed round trip writes UTC instants and maps every enum value both ways', () => {
    for (const [showAs, ln] of [['free', 'Free'], ['busy', 'Busy'], ['tentative', 'Tentative'], ['oof', 'OutOfOffice']] as const) {
      const body = fieldsToLnActivityBody({ start: '2026-11-21T10:00:00+01:00', end: '2026-11-21T11:00:00Z', showAs, sensitivity: 'normal' });
      assert.equal(body.ShowTimeAs, ln);
      assert.equal(body.StartDate, '2026-11-21T09:00:00Z');
      assert.equal(body.Sensitivity, 'Normal');
      assert.equal(lnActivityToFields(activity({ ShowTimeAs: ln })).showAs, showAs);
    }
    assert.equal(fieldsToLnActivityBody({ sensitivity: 'private' }).Sensitivity, 'Private');
    assert.equal(fieldsToLnActivityBody({ showAs: 'workingElsewhere' }).ShowTimeAs, 'Busy');
  });

  it('a partial patch writes only the given properties', () => {
    assert.deepEqual(fieldsToLnActivityBody({ subject: 'New', body: 'Text' }), { Subject: 'New', Text: 'Text' });
    assert.deepEqual(fieldsToLnActivityBody({}), {});
  });

  it('snapshots carry key, flags and attendee lines in Line order', () => {
    const snap = lnActivityToSnapshot(activity({ Attendees: [attendee({ Line: 2, AttendeeType: 'Other', Employee: '' }), attendee()] }));
    assert.equal(snap.key, 'ACT000001');
    assert.equal(snap.etag, 'W/"9"');
    assert.equal(snap.organizer, 'EMP000001');
    assert.equal(snap.createdByLn, true);
    assert.equal(snap.modifiedAt, '2026-11-01T08:00:00.123Z');
    assert.deepEqual(snap.attendees.map((a) => [a.line, a.type]), [[1, 'Employee'], [2, 'Other']]);
    assert.deepEqual(snap.attendees[0], {
      line: 1,
      type: 'Employee',
      employee: 'EMP000001',
      contact: '',
      fullName: 'Adele Vance',
      email: 'adele.vance@contoso.example',
      attendance: 'MeetingOrganizer',
      status: 'Accepted',
      invite: true,
      sentToSynchronizer: true,
      synchronized: false,
      etag: 'W/"7"',
    });
  });

  it('attendee bodies: new lines carry only their own reference; patches only the given flags', () => {
    const base = { fullName: 'C', email: 'c@x.example', attendance: 'Required', status: 'None', invite: false, sentToSynchronizer: false, synchronized: true } as const;
    const contact = newAttendeeToLnBody({ ...base, type: 'Contact', contact: 'CON000001', employee: 'EMP000001' });
    assert.equal(contact.Contact, 'CON000001');
    assert.equal('Employee' in contact, false);
    assert.equal('Line' in contact, false);
    assert.deepEqual(attendeePatchToLnBody({ status: 'Declined', synchronized: false }), { Synchronized: false, AttendanceStatus: 'Declined' });
  });
});
