// Decision table for calendar items, cell by cell: roles, invitations, flags, responses, deletions and cancellations.
// Pure: no I/O, only the planner and the role rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planCalendar } from '../../shared/sync/calendar-planner';
import type { CalendarAction } from '../../shared/sync/calendar-action';
import { roleOf } from '../../shared/sync/calendar-roles';
import { ADELE, MEGAN, OUTSIDER, activity, ctx, directory, event, eventFields, eventLink, line } from './calendar-fixtures';

type Of<T extends CalendarAction['type']> = Extract<CalendarAction, { type: T }>;
function as<T extends CalendarAction['type']>(action: CalendarAction, type: T): Of<T> {
  assert.equal(action.type, type, action.reason);
  return action as Of<T>;
}

describe('calendar roles', () => {
  it('B-A2/B-A3/B-A4: organizer, invitee, direct copy and none; email case ignored', () => {
    const dir = directory();
    assert.equal(roleOf(ADELE, activity(), dir), 'organizer');
    assert.equal(roleOf(MEGAN.toUpperCase(), activity(), dir), 'invitee');
    const outsider = activity({ organizer: 'E3', attendees: [line(1, 'E3', { attendance: 'MeetingOrganizer' }), line(2, 'E2')] });
    assert.equal(roleOf(MEGAN, outsider, dir), 'direct');
    assert.equal(roleOf(MEGAN, activity({ attendees: [line(1, 'E1', { attendance: 'MeetingOrganizer' }), line(2, 'E2', { invite: false })] }), dir), 'none');
  });
});

describe('calendar planner: LN → Exchange', () => {
  it('B-A2: the organizer’s event is created with every invited attendee; flags: organizer Synchronized, invitees SentToSynchronizer', () => {
    const a = as(planCalendar({ link: undefined, role: 'organizer', ln: { kind: 'active', snap: activity() }, ex: { kind: 'absent' } }, ctx()), 'create-event');
    assert.equal(a.role, 'organizer');
    assert.deepEqual(a.attendees, [{ email: MEGAN, name: 'E2', role: 'required' }]);
    assert.deepEqual(a.flags.map((f) => [f.line, f.patch]), [[1, { synchronized: true }], [2, { sentToSynchronizer: true, synchronized: false }]]);
  });
  it('B-A2: an invitee waits for the delivered meeting, then links it and sets its own Synchronized', () => {
    const snap = activity({ externalReference: 'ICAL-1', attendees: [line(1, 'E1', { attendance: 'MeetingOrganizer', synchronized: true }), line(2, 'E2', { sentToSynchronizer: true })] });
    assert.equal(planCalendar({ link: undefined, role: 'invitee', ln: { kind: 'active', snap }, ex: { kind: 'absent' } }, ctx(MEGAN)).type, 'wait');
    const copy = event({ id: 'M1', isOrganizer: false, response: 'accepted', attendees: [{ email: MEGAN, name: 'Megan', role: 'required', response: 'none' }] });
    const a = as(planCalendar({ link: undefined, role: 'invitee', ln: { kind: 'active', snap }, ex: { kind: 'present', snap: copy } }, ctx(MEGAN)), 'sync-event');
    assert.deepEqual(a.flags.map((f) => [f.line, f.patch]), [[2, { synchronized: true, status: 'Accepted' }]]);
    assert.deepEqual(a.exPatch, {});
    assert.deepEqual(a.lnPatch, {});
  });
  it('B-A3: organizer not a sync user: a copy without attendees goes straight into the invited sync user’s calendar', () => {
    const snap = activity({ organizer: 'E3', attendees: [line(1, 'E3', { attendance: 'MeetingOrganizer' }), line(2, 'E2')] });
    const a = as(planCalendar({ link: undefined, role: 'direct', ln: { kind: 'active', snap }, ex: { kind: 'absent' } }, ctx(MEGAN)), 'create-event');
    assert.equal(a.role, 'direct');
    assert.deepEqual(a.attendees, []);
    assert.deepEqual(a.flags.map((f) => [f.line, f.patch]), [[2, { synchronized: true }]]);
  });
  it('B-A7: an LN edit reaches the organizer’s event; start, end and all-day travel together', () => {
    const a = as(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'active', snap: activity({ fields: eventFields({ start: '2026-12-01T11:00:00Z', end: '2026-12-01T12:00:00Z' }) }) }, ex: { kind: 'present', snap: event() } }, ctx()), 'sync-event');
    assert.deepEqual(a.exPatch, { start: '2026-12-01T11:00:00Z', end: '2026-12-01T12:00:00Z', allDay: 'false' });
  });
  it('B-A8: deleted or withdrawn in LN: the organizer’s meeting is cancelled, a direct copy removed, an invitee copy only unlinked', () => {
    const meeting = event({ attendees: [{ email: MEGAN, name: 'M', role: 'required', response: 'none' }] });
    assert.equal(planCalendar({ link: eventLink(), role: 'none', ln: { kind: 'deleted' }, ex: { kind: 'present', snap: meeting } }, ctx()).type, 'cancel-event');
    assert.equal(planCalendar({ link: eventLink(), role: 'none', ln: { kind: 'withdrawn', snap: activity({ synchronize: false }), why: 'Synchronize cleared' }, ex: { kind: 'present', snap: event() } }, ctx()).type, 'remove-event');
    assert.equal(planCalendar({ link: eventLink(), role: 'none', ln: { kind: 'deleted' }, ex: { kind: 'present', snap: event({ isOrganizer: false }) } }, ctx(MEGAN)).type, 'drop-link');
  });
});

describe('calendar planner: Exchange → LN', () => {
  it('B-A5: a new event of the user becomes an Appointment with typed attendees, organizer line first, all Synchronized', () => {
    const snap = event({ attendees: [{ email: MEGAN, name: 'Megan', role: 'required', response: 'none' }, { email: 'x@customer.example', name: 'X', role: 'optional', response: 'none' }, { email: 'c@customer.example', name: 'C', role: 'required', response: 'none' }] });
    const context = { ...ctx(), contactKeys: new Map([['c@customer.example', 'CON1']]) };
    const a = as(planCalendar({ link: undefined, role: 'none', ln: { kind: 'absent' }, ex: { kind: 'present', snap } }, context), 'create-activity');
    assert.equal(a.activity.externalReference, 'ICAL-1');
    assert.equal(a.activity.organizer, 'E1');
    assert.deepEqual(a.activity.attendees.map((l) => [l.type, l.attendance, l.employee ?? l.contact ?? '', l.synchronized, l.sentToSynchronizer]), [
      ['Employee', 'MeetingOrganizer', 'E1', true, false],
      ['Employee', 'Required', 'E2', true, false],
      ['Other', 'Optional', '', true, false],
      ['Contact', 'Required', 'CON1', true, false],
    ]);
  });
  it('B-A6: an attendee’s copy of a sync user’s meeting waits for the organizer’s run; of an outside meeting only the designated user records it', () => {
    const copy = event({ isOrganizer: false, organizerEmail: ADELE });
    assert.equal(planCalendar({ link: undefined, role: 'none', ln: { kind: 'absent' }, ex: { kind: 'present', snap: copy } }, ctx(MEGAN)).type, 'wait');
    const outside = event({ isOrganizer: false, organizerEmail: OUTSIDER });
    assert.equal(planCalendar({ link: undefined, role: 'none', ln: { kind: 'absent' }, ex: { kind: 'present', snap: outside }, creator: true }, ctx(MEGAN)).type, 'create-activity');
    assert.equal(planCalendar({ link: undefined, role: 'none', ln: { kind: 'absent' }, ex: { kind: 'present', snap: outside }, creator: false }, ctx(MEGAN)).type, 'wait');
  });
  it('B-A7: the organizer’s edit goes to LN; an attendee’s copy never changes LN fields, only its own response', () => {
    const edited = event({ fields: eventFields({ subject: 'Moved review' }), modifiedAt: '2026-11-21T11:00:00Z' });
    const org = as(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'active', snap: activity() }, ex: { kind: 'present', snap: edited } }, ctx()), 'sync-event');
    assert.deepEqual(org.lnPatch, { subject: 'Moved review' });
    const att = as(planCalendar({ link: eventLink(eventFields(), { user: MEGAN }), role: 'invitee', ln: { kind: 'active', snap: activity() }, ex: { kind: 'present', snap: { ...edited, isOrganizer: false, response: 'tentative' } } }, ctx(MEGAN)), 'sync-event');
    assert.deepEqual(att.lnPatch, {});
    assert.deepEqual(att.flags.map((f) => f.patch.status), ['Tentative']);
  });
  it('B-A7: responses on the organizer’s copy update those attendees’ AttendanceStatus', () => {
    const snap = event({ attendees: [{ email: MEGAN, name: 'M', role: 'required', response: 'declined' }] });
    const a = as(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'active', snap: activity({ attendees: [line(1, 'E1', { attendance: 'MeetingOrganizer', synchronized: true }), line(2, 'E2', { sentToSynchronizer: true })] }) }, ex: { kind: 'present', snap } }, ctx()), 'sync-event');
    assert.deepEqual(a.flags.map((f) => [f.line, f.patch]), [[2, { status: 'Declined' }]]);
  });
  it('B-A9: deleted by the organizer: an Exchange-born activity is deleted, an LN-born one cancelled; deleted by an attendee: declined', () => {
    assert.equal(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'active', snap: activity({ createdByLn: false }) }, ex: { kind: 'deleted' } }, ctx()).type, 'delete-activity');
    assert.equal(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'active', snap: activity() }, ex: { kind: 'deleted' } }, ctx()).type, 'cancel-activity');
    const d = as(planCalendar({ link: eventLink(), role: 'invitee', ln: { kind: 'active', snap: activity() }, ex: { kind: 'deleted' } }, ctx(MEGAN)), 'decline');
    assert.deepEqual(d.line?.patch, { synchronized: false, status: 'Declined' });
    assert.equal(planCalendar({ link: eventLink(), role: 'invitee', ln: { kind: 'active', snap: activity() }, ex: { kind: 'meeting-gone' } }, ctx(MEGAN)).type, 'drop-link');
  });
  it('B-A1/B-A10: an item that ended is left alone on both sides', () => {
    assert.equal(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'ended' }, ex: { kind: 'unchanged' } }, ctx()).type, 'drop-link');
    assert.equal(planCalendar({ link: undefined, role: 'none', ln: { kind: 'absent' }, ex: { kind: 'ended' } }, ctx()).type, 'noop');
  });
  it('B-A12: private in Exchange becomes Private in LN on the organizer’s copy', () => {
    const a = as(planCalendar({ link: eventLink(), role: 'organizer', ln: { kind: 'active', snap: activity() }, ex: { kind: 'present', snap: event({ fields: eventFields({ sensitivity: 'private' }) }) } }, ctx()), 'sync-event');
    assert.deepEqual(a.lnPatch, { sensitivity: 'private' });
  });
});

describe('calendar planner: direct copies', () => {
  it('B-A3/B-A7: an attendee’s edit of a direct copy is overwritten with LN’s meeting, never sent to LN', () => {
    const snap = activity({ organizer: 'E3', attendees: [line(1, 'E3', { attendance: 'MeetingOrganizer' }), line(2, 'E2', { synchronized: true })] });
    const edited = event({ fields: eventFields({ subject: 'My own title', sensitivity: 'private' }), modifiedAt: '2026-11-21T12:00:00Z' });
    const a = as(planCalendar({ link: eventLink(eventFields(), { user: MEGAN }), role: 'direct', ln: { kind: 'active', snap }, ex: { kind: 'present', snap: edited } }, ctx(MEGAN)), 'sync-event');
    assert.deepEqual(a.exPatch, { subject: 'Review', sensitivity: 'normal' });
    assert.deepEqual(a.lnPatch, {});
  });
});

describe('calendar planner: recurring series', () => {
  it('B-A13: an organizer’s occurrence is linked without the LN key stamp and its link names the series and date; a single event is stamped', () => {
    const snap = activity({ createdByLn: false, externalReference: 'ICAL-OCC' });
    const occurrence = event({ iCalUId: 'ICAL-OCC', kind: 'occurrence', seriesMasterId: 'MASTER', occurrenceDate: '2026-12-01' });
    const a = as(planCalendar({ link: undefined, role: 'organizer', ln: { kind: 'active', snap }, ex: { kind: 'present', snap: occurrence } }, ctx()), 'sync-event');
    assert.equal(a.stampLnKey, false);
    assert.deepEqual(a.exPatch, {});
    assert.deepEqual(a.occurrence, { seriesMasterId: 'MASTER', occurrenceDate: '2026-12-01' });
    const single = as(planCalendar({ link: undefined, role: 'organizer', ln: { kind: 'active', snap }, ex: { kind: 'present', snap: event({ iCalUId: 'ICAL-OCC' }) } }, ctx()), 'sync-event');
    assert.equal(single.stampLnKey, true);
    assert.equal(single.occurrence, undefined);
  });

  it('B-A13: linking an occurrence without history (after a loss of state) takes Exchange’s values: nothing is written to the occurrence', () => {
    const snap = activity({ createdByLn: false, externalReference: 'ICAL-OCC', modifiedAt: '2026-11-22T10:00:00Z', fields: eventFields({ location: 'Room 9' }) });
    const occurrence = event({ iCalUId: 'ICAL-OCC', kind: 'occurrence', seriesMasterId: 'MASTER', occurrenceDate: '2026-12-01', fields: eventFields({ start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z' }) });
    const a = as(planCalendar({ link: undefined, role: 'organizer', ln: { kind: 'active', snap }, ex: { kind: 'present', snap: occurrence } }, ctx()), 'sync-event');
    assert.deepEqual(a.exPatch, {});
    assert.deepEqual(a.lnPatch, { location: '', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z' });
  });
});
