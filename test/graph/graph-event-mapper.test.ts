// Tests of the Graph ↔ domain event mapping: all-day dates in the event's own zone (Windows and IANA names, DST),
// UTC instants for timed items, plain-text bodies, sensitivity/showAs, attendees, create and minimal PATCH bodies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyEvent, type EventFields } from '../../shared/domain/calendar-event';
import { attendeesOf, eventCreateBody, eventFieldsOf, eventPatchBody, eventSnapshotOf } from '../../shared/graph/graph-event-mapper';
import { graphEventSchema, type GraphEvent } from '../../shared/graph/graph-event-schema';
import { needsMailboxTimeZone } from '../../shared/graph/graph-event-times';
import { LN_KEY_PROPERTY_ID } from '../../shared/graph/graph-extended-properties';
import { ianaTimeZoneOf, WINDOWS_TO_IANA } from '../../shared/graph/windows-time-zones';
import { instantOfWallClock, wallClockOf } from '../../shared/graph/zoned-time';

/** A Graph event as read with `Prefer: outlook.timezone="UTC"`, parsed like any answer. */
function graphEvent(extra: Record<string, unknown> = {}): GraphEvent {
  return graphEventSchema.parse({
    id: 'AAkALgAA-1',
    changeKey: 'ck1',
    lastModifiedDateTime: '2026-05-01T10:00:00Z',
    iCalUId: '040000008200E00074C5B7101A82E008000000001',
    type: 'singleInstance',
    isOrganizer: true,
    isCancelled: false,
    isAllDay: false,
    subject: 'Review',
    body: { contentType: 'text', content: '' },
    start: { dateTime: '2026-11-21T09:30:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-11-21T10:00:00.0000000', timeZone: 'UTC' },
    originalStartTimeZone: 'W. Europe Standard Time',
    originalEndTimeZone: 'W. Europe Standard Time',
    sensitivity: 'normal',
    showAs: 'busy',
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    organizer: { emailAddress: { address: 'anna@contoso.example', name: 'Anna' } },
    attendees: [],
    ...extra,
  });
}

function allDay(start: string, end: string, zone: string, extra: Record<string, unknown> = {}): GraphEvent {
  return graphEvent({
    isAllDay: true,
    start: { dateTime: start, timeZone: 'UTC' },
    end: { dateTime: end, timeZone: 'UTC' },
    originalStartTimeZone: zone,
    originalEndTimeZone: zone,
    ...extra,
  });
}

const timed: EventFields = { ...emptyEvent(), subject: 'Kick-off', start: '2026-11-21T08:00:00Z', end: '2026-11-21T09:00:00Z' };

describe('windows-time-zones', () => {
  it('maps every Windows zone to an IANA zone Intl knows', () => {
    for (const [windows, iana] of Object.entries(WINDOWS_TO_IANA)) {
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: iana }), `${windows} → ${iana}`);
    }
    assert.ok(Object.keys(WINDOWS_TO_IANA).length >= 130);
  });

  it('resolves Windows names in any case, IANA names and Exchange UTC spellings; custom zones stay unknown', () => {
    assert.equal(ianaTimeZoneOf('W. Europe Standard Time'), 'Europe/Berlin');
    assert.equal(ianaTimeZoneOf('w. europe standard time '), 'Europe/Berlin');
    assert.equal(ianaTimeZoneOf('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(ianaTimeZoneOf('Europe/Amsterdam'), 'Europe/Amsterdam');
    assert.equal(ianaTimeZoneOf('tzone://Microsoft/Utc'), 'Etc/UTC');
    assert.equal(ianaTimeZoneOf('UTC'), 'Etc/UTC');
    assert.equal(ianaTimeZoneOf('Customized Time Zone'), undefined);
    assert.equal(ianaTimeZoneOf('tzone://Microsoft/Custom'), undefined);
    assert.equal(ianaTimeZoneOf(''), undefined);
    assert.equal(ianaTimeZoneOf(null), undefined);
  });
});

describe('zoned-time', () => {
  it('converts both ways across the October DST change in Amsterdam', () => {
    assert.equal(instantOfWallClock('2026-10-21T09:00:00', 'Europe/Amsterdam').toISOString(), '2026-10-21T07:00:00.000Z');
    assert.equal(instantOfWallClock('2026-10-28T09:00:00', 'Europe/Amsterdam').toISOString(), '2026-10-28T08:00:00.000Z');
    assert.equal(wallClockOf(new Date('2026-10-24T22:00:00Z'), 'Europe/Amsterdam'), '2026-10-25T00:00:00');
    assert.equal(wallClockOf(new Date('2026-10-25T23:00:00Z'), 'Europe/Amsterdam'), '2026-10-26T00:00:00');
  });

  it('reads a repeated hour as its first instant and a skipped hour with the offset before the change', () => {
    assert.equal(instantOfWallClock('2026-10-25T02:30:00', 'Europe/Amsterdam').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(instantOfWallClock('2026-03-29T02:30:00', 'Europe/Amsterdam').toISOString(), '2026-03-29T01:30:00.000Z');
  });
});

describe('graph-event-mapper: times (B-A11)', () => {
  it('reads timed items as UTC instants with second precision', () => {
    const f = eventFieldsOf(graphEvent());
    assert.equal(f.start, '2026-11-21T09:30:00Z');
    assert.equal(f.end, '2026-11-21T10:00:00Z');
    assert.equal(f.allDay, 'false');
  });

  it('reads a timed item Graph answered in another zone (Prefer ignored) as the right UTC instants, DST included', () => {
    const summer = graphEvent({ start: { dateTime: '2026-10-21T09:00:00.0000000', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-10-21T10:00:00', timeZone: 'Europe/Amsterdam' } });
    assert.deepEqual([eventFieldsOf(summer).start, eventFieldsOf(summer).end], ['2026-10-21T07:00:00Z', '2026-10-21T08:00:00Z']);
    const winter = graphEvent({ start: { dateTime: '2026-10-28T09:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-10-28T10:00:00', timeZone: 'W. Europe Standard Time' } });
    assert.deepEqual([eventFieldsOf(winter).start, eventFieldsOf(winter).end], ['2026-10-28T08:00:00Z', '2026-10-28T09:00:00Z']);
  });

  it('reads an all-day item answered in UTC as the dates of its own (Windows-named) zone', () => {
    const f = eventFieldsOf(allDay('2026-11-20T23:00:00.0000000', '2026-11-21T23:00:00.0000000', 'W. Europe Standard Time'));
    assert.deepEqual([f.start, f.end, f.allDay], ['2026-11-21', '2026-11-22', 'true']);
    const west = eventFieldsOf(allDay('2026-07-04T07:00:00.0000000', '2026-07-05T07:00:00.0000000', 'Pacific Standard Time'));
    assert.deepEqual([west.start, west.end], ['2026-07-04', '2026-07-05']);
    const east = eventFieldsOf(allDay('2026-11-20T15:00:00.0000000', '2026-11-21T15:00:00.0000000', 'Tokyo Standard Time'));
    assert.deepEqual([east.start, east.end], ['2026-11-21', '2026-11-22']);
    const iana = eventFieldsOf(allDay('2026-11-20T23:00:00', '2026-11-21T23:00:00', 'Europe/Amsterdam'));
    assert.deepEqual([iana.start, iana.end], ['2026-11-21', '2026-11-22']);
  });

  it('keeps all-day dates across a DST change (start in CEST, end in CET)', () => {
    const day = eventFieldsOf(allDay('2026-10-24T22:00:00.0000000', '2026-10-25T23:00:00.0000000', 'W. Europe Standard Time'));
    assert.deepEqual([day.start, day.end], ['2026-10-25', '2026-10-26']);
    const span = eventFieldsOf(allDay('2026-10-22T22:00:00.0000000', '2026-10-26T23:00:00.0000000', 'Romance Standard Time'));
    assert.deepEqual([span.start, span.end], ['2026-10-23', '2026-10-27']);
    const spring = eventFieldsOf(allDay('2026-03-28T23:00:00', '2026-03-29T22:00:00', 'W. Europe Standard Time'));
    assert.deepEqual([spring.start, spring.end], ['2026-03-29', '2026-03-30']);
  });

  it('takes midnight answers as they are (Graph returned the all-day item in its own zone)', () => {
    const event = graphEvent({ isAllDay: true, start: { dateTime: '2026-11-21T00:00:00.0000000', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-11-22T00:00:00.0000000', timeZone: 'W. Europe Standard Time' } });
    assert.deepEqual([eventFieldsOf(event).start, eventFieldsOf(event).end], ['2026-11-21', '2026-11-22']);
    assert.equal(needsMailboxTimeZone(event), false);
  });

  it('falls back to the mailbox zone for an all-day item of a custom zone, and says it needs it', () => {
    const event = allDay('2026-11-20T23:00:00', '2026-11-21T23:00:00', 'Customized Time Zone');
    assert.equal(needsMailboxTimeZone(event), true);
    assert.equal(needsMailboxTimeZone(allDay('2026-11-20T23:00:00', '2026-11-21T23:00:00', 'W. Europe Standard Time')), false);
    assert.deepEqual([eventFieldsOf(event, 'W. Europe Standard Time').start, eventFieldsOf(event, 'W. Europe Standard Time').end], ['2026-11-21', '2026-11-22']);
    // Without any zone: UTC, widened to whole days like Exchange does.
    assert.deepEqual([eventFieldsOf(event).start, eventFieldsOf(event).end], ['2026-11-20', '2026-11-22']);
  });
});

describe('graph-event-mapper: fields and snapshot', () => {
  it('reads the body as plain text with \\n line ends; an HTML body is turned into text', () => {
    assert.equal(eventFieldsOf(graphEvent({ body: { contentType: 'text', content: 'Agenda:\r\n1. Budget\r\n\r\n' } })).body, 'Agenda:\n1. Budget');
    assert.equal(eventFieldsOf(graphEvent({ body: { contentType: 'html', content: '<html><head><style>p{}</style></head><body><p>Tom &amp; Jerry</p>Line&nbsp;2<br>x &lt; y</body></html>' } })).body, 'Tom & Jerry\nLine 2\nx < y');
    assert.equal(eventFieldsOf(graphEvent({ body: null })).body, '');
  });

  it('maps sensitivity private/normal (personal, confidential → normal) and showAs (workingElsewhere, unknown → busy)', () => {
    const sensitivity = (s: string): string => eventFieldsOf(graphEvent({ sensitivity: s })).sensitivity;
    assert.deepEqual(['private', 'normal', 'personal', 'confidential'].map(sensitivity), ['private', 'normal', 'normal', 'normal']);
    const showAs = (s: string | null): string => eventFieldsOf(graphEvent({ showAs: s })).showAs;
    assert.deepEqual(['free', 'busy', 'tentative', 'oof', 'workingElsewhere', 'unknown', null].map(showAs), ['free', 'busy', 'tentative', 'oof', 'busy', 'busy', 'busy']);
  });

  it('maps attendees: type, response (none/notResponded → none, tentativelyAccepted → tentative), address-less ones dropped', () => {
    const event = graphEvent({
      attendees: [
        { type: 'required', status: { response: 'accepted' }, emailAddress: { address: 'bob@contoso.example', name: 'Bob' } },
        { type: 'optional', status: { response: 'tentativelyAccepted' }, emailAddress: { address: 'carol@fabrikam.example', name: 'Carol' } },
        { type: 'resource', status: { response: 'declined' }, emailAddress: { address: 'room1@contoso.example', name: 'Room 1' } },
        { type: 'required', status: { response: 'notResponded' }, emailAddress: { address: 'dave@contoso.example' } },
        { type: 'required', status: { response: 'none' }, emailAddress: { address: 'erin@contoso.example', name: 'Erin' } },
        { type: 'required', status: { response: 'none' }, emailAddress: { name: 'No address' } },
      ],
    });
    assert.deepEqual(attendeesOf(event), [
      { email: 'bob@contoso.example', name: 'Bob', role: 'required', response: 'accepted' },
      { email: 'carol@fabrikam.example', name: 'Carol', role: 'optional', response: 'tentative' },
      { email: 'room1@contoso.example', name: 'Room 1', role: 'resource', response: 'declined' },
      { email: 'dave@contoso.example', name: '', role: 'required', response: 'none' },
      { email: 'erin@contoso.example', name: 'Erin', role: 'required', response: 'none' },
    ]);
  });

  it('builds the snapshot: ids, kind, series, organizer, own response, cancellation and the LN key (any id casing)', () => {
    const s = eventSnapshotOf(
      graphEvent({
        type: 'occurrence',
        seriesMasterId: 'AAkALgAA-master',
        isOrganizer: false,
        isCancelled: true,
        responseStatus: { response: 'tentativelyAccepted' },
        location: { displayName: 'Room 1' },
        singleValueExtendedProperties: [{ id: LN_KEY_PROPERTY_ID.toLowerCase(), value: 'ACT-42' }],
      }),
    );
    assert.equal(s.id, 'AAkALgAA-1');
    assert.equal(s.changeKey, 'ck1');
    assert.equal(s.modifiedAt, '2026-05-01T10:00:00Z');
    assert.equal(s.iCalUId, '040000008200E00074C5B7101A82E008000000001');
    assert.equal(s.kind, 'occurrence');
    assert.equal(s.seriesMasterId, 'AAkALgAA-master');
    assert.equal(s.isOrganizer, false);
    assert.equal(s.organizerEmail, 'anna@contoso.example');
    assert.equal(s.isCancelled, true);
    assert.equal(s.response, 'tentative');
    assert.equal(s.lnKey, 'ACT-42');
    assert.equal(s.fields.location, 'Room 1');
    const own = eventSnapshotOf(graphEvent());
    assert.equal(own.response, 'accepted', "the organizer's own copy");
    assert.equal(own.lnKey, undefined);
    assert.equal(own.seriesMasterId, undefined);
    assert.equal(eventSnapshotOf(graphEvent({ responseStatus: { response: 'notResponded' } })).response, 'none');
  });
});

describe('graph-event-mapper: write bodies', () => {
  it('creates a timed item in UTC with text body, attendees, transactionId and the LN key', () => {
    const body = eventCreateBody(
      {
        lnKey: 'ACT-1',
        transactionId: 'ln-ACT-1-anna',
        fields: { ...timed, body: 'Agenda', location: 'Room 1', sensitivity: 'private', showAs: 'tentative' },
        attendees: [{ email: 'bob@contoso.example', name: 'Bob', role: 'required' }, { email: 'room1@contoso.example', name: '', role: 'resource' }],
      },
      'W. Europe Standard Time',
    );
    assert.deepEqual(body, {
      subject: 'Kick-off',
      body: { contentType: 'text', content: 'Agenda' },
      location: { displayName: 'Room 1' },
      start: { dateTime: '2026-11-21T08:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-11-21T09:00:00', timeZone: 'UTC' },
      isAllDay: false,
      sensitivity: 'private',
      showAs: 'tentative',
      attendees: [
        { type: 'required', emailAddress: { address: 'bob@contoso.example', name: 'Bob' } },
        { type: 'resource', emailAddress: { address: 'room1@contoso.example', name: 'room1@contoso.example' } },
      ],
      transactionId: 'ln-ACT-1-anna',
      singleValueExtendedProperties: [{ id: LN_KEY_PROPERTY_ID, value: 'ACT-1' }],
    });
  });

  it('creates an all-day item as midnights in the mailbox zone, leaving out empty body and location', () => {
    const body = eventCreateBody({ lnKey: 'ACT-2', transactionId: 't2', fields: { ...emptyEvent(), subject: 'Fair', allDay: 'true', start: '2026-11-21', end: '2026-11-23' }, attendees: [] }, 'W. Europe Standard Time');
    assert.deepEqual(body.start, { dateTime: '2026-11-21T00:00:00', timeZone: 'W. Europe Standard Time' });
    assert.deepEqual(body.end, { dateTime: '2026-11-23T00:00:00', timeZone: 'W. Europe Standard Time' });
    assert.equal(body.isAllDay, true);
    assert.equal('body' in body, false);
    assert.equal('location' in body, false);
    assert.deepEqual(body.attendees, []);
  });

  it('patches only given fields that differ; any time change sends start, end and isAllDay together', () => {
    const current = graphEvent({ body: { contentType: 'text', content: 'Same\r\n' } });
    assert.deepEqual(eventPatchBody({ id: current.id, patch: { subject: 'Review', body: 'Same' } }, current, 'UTC'), {});
    assert.deepEqual(eventPatchBody({ id: current.id, patch: { subject: 'New', showAs: 'oof' } }, current, 'UTC'), { subject: 'New', showAs: 'oof' });
    assert.deepEqual(eventPatchBody({ id: current.id, patch: { start: '2026-11-21T09:00:00.000Z' } }, current, 'UTC'), {
      start: { dateTime: '2026-11-21T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-11-21T10:00:00', timeZone: 'UTC' },
      isAllDay: false,
    });
    assert.deepEqual(eventPatchBody({ id: current.id, patch: { start: '2026-11-21T09:30:00Z' } }, current, 'UTC'), {}, 'the same instant is no change');
    assert.deepEqual(eventPatchBody({ id: current.id, patch: { allDay: 'true', start: '2026-11-21', end: '2026-11-22' } }, current, 'W. Europe Standard Time'), {
      start: { dateTime: '2026-11-21T00:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2026-11-22T00:00:00', timeZone: 'W. Europe Standard Time' },
      isAllDay: true,
    });
    assert.deepEqual(eventPatchBody({ id: current.id, patch: { location: '', body: '', sensitivity: 'private' } }, graphEvent({ location: { displayName: 'Room' }, body: { contentType: 'text', content: 'x' } }), 'UTC'), {
      location: { displayName: '' },
      body: { contentType: 'text', content: '' },
      sensitivity: 'private',
    });
  });

  it('replaces attendees only when the set of addresses or roles changed, and stamps a missing LN key', () => {
    const current = graphEvent({ attendees: [{ type: 'required', status: { response: 'accepted' }, emailAddress: { address: 'Bob@Contoso.example', name: 'Bob' } }] });
    const same = [{ email: 'bob@contoso.example', name: 'Robert', role: 'required' as const }];
    assert.deepEqual(eventPatchBody({ id: current.id, patch: {}, attendees: same }, current, 'UTC'), {});
    const more = [...same, { email: 'carol@fabrikam.example', name: 'Carol', role: 'optional' as const }];
    assert.deepEqual(eventPatchBody({ id: current.id, patch: {}, attendees: more, lnKey: 'ACT-9' }, current, 'UTC'), {
      attendees: [
        { type: 'required', emailAddress: { address: 'bob@contoso.example', name: 'Robert' } },
        { type: 'optional', emailAddress: { address: 'carol@fabrikam.example', name: 'Carol' } },
      ],
      singleValueExtendedProperties: [{ id: LN_KEY_PROPERTY_ID, value: 'ACT-9' }],
    });
    const stamped = graphEvent({ singleValueExtendedProperties: [{ id: LN_KEY_PROPERTY_ID, value: 'ACT-9' }] });
    assert.deepEqual(eventPatchBody({ id: stamped.id, patch: {}, lnKey: 'ACT-9' }, stamped, 'UTC'), {});
  });
});
