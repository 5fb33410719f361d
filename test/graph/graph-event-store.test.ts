// GraphEventStore against the Graph simulator over real HTTP: $batch creates with transactionId (B-I1), calendarView
// delta rounds, all-day dates and DST (B-A11), series occurrences (B-A10), meeting copies, cancel, lookups.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { emptyEvent, type EventFields } from '../../shared/domain/calendar-event';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { GraphEventStore } from '../../shared/graph/graph-event-store';
import { LN_KEY_PROPERTY_ID } from '../../shared/graph/graph-extended-properties';
import { StaticTokenCredential } from '../../shared/graph/static-token-credential';
import type { CalendarWindow, EventCreate } from '../../shared/sync/ports/exchange-event-port';
import { startGraphSimulator, type GraphSimulator } from '../simulators/graph/graph-simulator';

const ANNA = 'anna@contoso.example';
const BOB = 'bob@contoso.example';
const CAROL = 'carol@contoso.example';
const DAVE = 'dave@contoso.example';
const ERIN = 'erin@contoso.example';
const WINDOW: CalendarWindow = { start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z' };

function meeting(n: number, extra: Partial<EventFields> = {}, attendees: EventCreate['attendees'] = []): EventCreate {
  const day = String(10 + n).padStart(2, '0');
  return {
    lnKey: `ACT-${n}`,
    transactionId: `ln-ACT-${n}-anna`,
    fields: { ...emptyEvent(), subject: `Meeting ${n}`, body: `Agenda ${n}\nItem two`, location: 'Room 1', start: `2026-11-${day}T08:00:00Z`, end: `2026-11-${day}T09:00:00Z`, ...extra },
    attendees,
  };
}

function ok<T>(result: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!result.ok) throw result.error;
  return result.value;
}

const idOf = (json: Record<string, unknown>): string => json.id as string;

describe('GraphEventStore against the Graph simulator', () => {
  let sim: GraphSimulator;
  let store: GraphEventStore;
  const sleep = async (): Promise<void> => {};
  const envelopes = () => sim.requests.filter((r) => r.path.endsWith('/$batch') && !r.batch);
  const subRequests = (method: string) => sim.requests.filter((r) => r.batch && r.method === method);

  before(async () => {
    sim = await startGraphSimulator({ mailboxes: [ANNA, BOB, CAROL, DAVE, ERIN], pageSize: 50 });
    store = new GraphEventStore(createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep }), { sleep, pageSize: 3 });
  });
  after(() => sim.close());
  beforeEach(() => sim.resetRequests());

  it('B-I1: creates through one $batch with a transactionId and the LN key; a repeated create does not duplicate', async () => {
    const items = [meeting(1, {}, [{ email: BOB, name: 'Bob', role: 'required' }]), meeting(2, { sensitivity: 'private', showAs: 'tentative' }), meeting(3, { body: '', location: '' })];
    const first = (await store.create(ANNA, items)).map(ok);
    assert.equal(envelopes().length, 1);
    const posts = subRequests('POST');
    assert.equal(posts.length, 3);
    assert.ok(posts.every((p) => p.path.endsWith(`/users/${ANNA}/calendar/events`)));
    assert.deepEqual(posts.map((p) => (p.body as { transactionId: string }).transactionId), ['ln-ACT-1-anna', 'ln-ACT-2-anna', 'ln-ACT-3-anna']);
    for (const [i, s] of first.entries()) {
      assert.equal(s.lnKey, items[i]!.lnKey);
      assert.deepEqual(s.fields, items[i]!.fields);
      assert.equal(s.isOrganizer, true);
      assert.equal(s.kind, 'singleInstance');
      assert.ok(s.id.startsWith('AAkALgAA'), 'an immutable id');
      assert.notEqual(s.iCalUId, '');
    }
    assert.deepEqual(first[0]!.attendees, [{ email: BOB, name: 'Bob', role: 'required', response: 'none' }]);
    const stored = sim.listEvents(ANNA).filter((e) => (e.subject as string).startsWith('Meeting '));
    assert.equal(stored.length, 3);
    assert.ok(stored.every((e) => (e.singleValueExtendedProperties as Array<{ id: string }>).some((p) => p.id.toLowerCase() === LN_KEY_PROPERTY_ID.toLowerCase())));

    // A retry after a lost answer, then one after the activity changed in LN: same events, no duplicates.
    const again = (await store.create(ANNA, items)).map(ok);
    assert.deepEqual(again.map((s) => s.id), first.map((s) => s.id));
    const changed = ok((await store.create(ANNA, [meeting(2, { subject: 'Renamed in LN' })]))[0]!);
    assert.equal(changed.id, first[1]!.id);
    assert.equal(changed.fields.subject, 'Meeting 2', 'the event the first attempt made');
    assert.equal(changed.lnKey, 'ACT-2');
    assert.equal(sim.listEvents(ANNA).filter((e) => (e.subject as string).startsWith('Meeting ')).length, 3);
  });

  it('meeting copies in an attendee mailbox share the iCalUId, have isOrganizer=false and no LN key', async () => {
    const [organizer] = await store.findByLnKey(ANNA, 'ACT-1');
    assert.ok(organizer);
    const copies = await store.findByICalUId(BOB, organizer.iCalUId);
    assert.equal(copies.length, 1);
    const copy = copies[0]!;
    assert.notEqual(copy.id, organizer.id);
    assert.equal(copy.iCalUId, organizer.iCalUId);
    assert.equal(copy.isOrganizer, false);
    assert.equal(copy.organizerEmail, ANNA);
    assert.equal(copy.lnKey, undefined);
    assert.equal(copy.response, 'none');
    assert.equal(copy.fields.subject, 'Meeting 1');
    assert.equal(copy.fields.start, organizer.fields.start);

    sim.respondAsUser(BOB, copy.id, 'accept');
    assert.equal((await store.get(BOB, copy.id))!.response, 'accepted');
    assert.deepEqual((await store.get(ANNA, organizer.id))!.attendees.map((a) => [a.email, a.response]), [[BOB, 'accepted']]);
  });

  it('findByLnKey and findByICalUId find exactly the matching events, sending the Prefer values and the LN key $expand', async () => {
    const found = await store.findByLnKey(ANNA, 'ACT-2');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.fields.sensitivity, 'private');
    assert.equal(found[0]!.fields.showAs, 'tentative');
    assert.deepEqual(await store.findByLnKey(ANNA, "ACT-'404"), []);
    const byUid = await store.findByICalUId(ANNA, found[0]!.iCalUId);
    assert.deepEqual(byUid.map((s) => s.id), [found[0]!.id]);
    assert.deepEqual(await store.findByICalUId(ANNA, '040000008200E00074C5B7101A82E00800000000FFFF'), []);
    const lookup = sim.requests.find((r) => r.path.endsWith('/calendar/events') && r.method === 'GET')!;
    assert.match(lookup.headers['prefer'] ?? '', /outlook\.timezone="UTC"/);
    assert.match(lookup.headers['prefer'] ?? '', /outlook\.body-content-type="text"/);
    assert.match(lookup.headers['prefer'] ?? '', /IdType="ImmutableId"/);
    assert.match(lookup.query['$expand'] ?? '', /LnKey/);
  });

  it('get returns the snapshot with its plain-text body, and undefined for an unknown id', async () => {
    const [m1] = await store.findByLnKey(ANNA, 'ACT-1');
    const got = await store.get(ANNA, m1!.id);
    assert.equal(got!.fields.body, 'Agenda 1\nItem two');
    assert.equal(got!.lnKey, 'ACT-1');
    assert.equal(await store.get(ANNA, 'AAkALgAAunknown='), undefined);
  });

  it('delta: initial round across pages, then edits/creates as changed and deletes/moves out of the window as @removed', async () => {
    const made = [1, 2, 3, 4, 5].map((n) =>
      sim.createEventAsUser(CAROL, { subject: `C${n}`, start: { dateTime: `2026-11-0${n}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `2026-11-0${n}T11:00:00`, timeZone: 'UTC' } }),
    );
    sim.createEventAsUser(CAROL, { subject: 'Outside', start: { dateTime: '2027-03-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2027-03-01T11:00:00', timeZone: 'UTC' } });
    const initial = await store.delta(CAROL, WINDOW, undefined);
    assert.deepEqual(new Set(initial.changed.map((s) => s.id)), new Set(made.map(idOf)));
    assert.deepEqual(initial.removed, []);
    const pages = sim.requests.filter((r) => r.path.endsWith('/calendarView/delta') && !r.batch);
    assert.ok(pages.length > 1, 'more than one delta page was read');
    assert.equal(pages[0]!.query['startDateTime'], WINDOW.start);
    assert.equal(pages[0]!.query['endDateTime'], WINDOW.end);
    assert.ok(pages.every((p) => /odata\.maxpagesize=3/.test(p.headers['prefer'] ?? '')));
    assert.ok(sim.requests.filter((r) => r.batch && r.method === 'GET').every((r) => (r.query['$expand'] ?? '').includes('LnKey')), 'changed items are read again with the LN key');

    sim.updateEventAsUser(CAROL, idOf(made[0]!), { subject: 'C1 edited' });
    sim.deleteEventAsUser(CAROL, idOf(made[1]!));
    sim.updateEventAsUser(CAROL, idOf(made[2]!), { start: { dateTime: '2027-02-01T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2027-02-01T11:00:00', timeZone: 'UTC' } });
    const created = sim.createEventAsUser(CAROL, { subject: 'C6', start: { dateTime: '2026-12-06T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-06T11:00:00', timeZone: 'UTC' } });
    const round = await store.delta(CAROL, WINDOW, initial.deltaLink);
    assert.deepEqual(new Set(round.changed.map((s) => s.id)), new Set([idOf(made[0]!), idOf(created)]));
    assert.equal(round.changed.find((s) => s.id === idOf(made[0]!))!.fields.subject, 'C1 edited');
    assert.deepEqual(new Set(round.removed), new Set([idOf(made[1]!), idOf(made[2]!)]));

    const quiet = await store.delta(CAROL, WINDOW, round.deltaLink);
    assert.deepEqual(quiet, { changed: [], removed: [], deltaLink: quiet.deltaLink });
  });

  it('B-A11: an Outlook all-day event in "W. Europe Standard Time" maps to its own date, by get and by delta', async () => {
    const fair = sim.createEventAsUser(DAVE, {
      subject: 'Trade fair',
      isAllDay: true,
      start: { dateTime: '2026-11-21T00:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2026-11-23T00:00:00', timeZone: 'W. Europe Standard Time' },
    });
    const got = (await store.get(DAVE, idOf(fair)))!;
    assert.deepEqual([got.fields.start, got.fields.end, got.fields.allDay], ['2026-11-21', '2026-11-23', 'true']);
    const round = await store.delta(DAVE, WINDOW, undefined);
    assert.deepEqual(round.changed.map((s) => [s.fields.start, s.fields.end]), [['2026-11-21', '2026-11-23']]);
  });

  it('B-A11: an all-day create is written as midnights in the mailbox time zone and reads back as the same dates', async () => {
    sim.setMailboxTimeZone(DAVE, 'W. Europe Standard Time');
    const fields: EventFields = { ...emptyEvent(), subject: 'Holiday', allDay: 'true', start: '2026-12-24', end: '2026-12-27', showAs: 'oof' };
    const created = ok((await store.create(DAVE, [{ lnKey: 'ACT-H', transactionId: 'ln-ACT-H-dave', fields, attendees: [] }]))[0]!);
    assert.deepEqual(created.fields, fields);
    const post = subRequests('POST')[0]!.body as { start: unknown; isAllDay: boolean };
    assert.deepEqual(post.start, { dateTime: '2026-12-24T00:00:00', timeZone: 'W. Europe Standard Time' });
    assert.equal(post.isAllDay, true);
    const view = sim.calendarView(DAVE, '2026-12-20T00:00:00Z', '2026-12-31T00:00:00Z');
    assert.equal(view.length, 1);
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/mailboxSettings')).length, 1);
    assert.deepEqual((await store.get(DAVE, created.id))!.fields, fields);
    await store.create(DAVE, [{ lnKey: 'ACT-H2', transactionId: 'ln-ACT-H2-dave', fields: { ...fields, start: '2026-12-28', end: '2026-12-29' }, attendees: [] }]);
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/mailboxSettings')).length, 1, 'the mailbox zone is read once');
  });

  it('B-A10/B-A11: a weekly Europe/Amsterdam series across the October DST change gives occurrences at 07:00Z then 08:00Z', async () => {
    const master = sim.createEventAsUser(ERIN, {
      subject: 'Weekly sync',
      start: { dateTime: '2026-10-14T09:00:00', timeZone: 'Europe/Amsterdam' },
      end: { dateTime: '2026-10-14T09:30:00', timeZone: 'Europe/Amsterdam' },
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['wednesday'] }, range: { type: 'numbered', startDate: '2026-10-14', numberOfOccurrences: 4 } },
    });
    const round = await store.delta(ERIN, WINDOW, undefined);
    const occurrences = [...round.changed].sort((a, b) => a.fields.start.localeCompare(b.fields.start));
    assert.deepEqual(
      occurrences.map((s) => [s.fields.start, s.fields.end]),
      [
        ['2026-10-14T07:00:00Z', '2026-10-14T07:30:00Z'],
        ['2026-10-21T07:00:00Z', '2026-10-21T07:30:00Z'],
        ['2026-10-28T08:00:00Z', '2026-10-28T08:30:00Z'],
        ['2026-11-04T08:00:00Z', '2026-11-04T08:30:00Z'],
      ],
    );
    assert.ok(occurrences.every((s) => s.kind === 'occurrence' && s.seriesMasterId === idOf(master)), 'occurrences of the series, no master');
    assert.equal(new Set(occurrences.map((s) => s.iCalUId)).size, 4, 'each occurrence has its own iCalUId');
  });

  it('B-A13: occurrences carry the local date of their original start; listInstances finds them where /events does not', async () => {
    sim.createEventAsUser(DAVE, {
      subject: 'Late call',
      start: { dateTime: '2026-10-20T00:30:00', timeZone: 'Europe/Amsterdam' },
      end: { dateTime: '2026-10-20T01:00:00', timeZone: 'Europe/Amsterdam' },
      recurrence: { pattern: { type: 'daily', interval: 7 }, range: { type: 'numbered', startDate: '2026-10-20', numberOfOccurrences: 2 } },
    });
    const found = await store.listInstances(DAVE, { start: '2026-10-19T00:00:00Z', end: '2026-10-21T00:00:00Z' });
    assert.deepEqual(found.map((s) => [s.kind, s.fields.start, s.occurrenceDate]), [['occurrence', '2026-10-19T22:30:00Z', '2026-10-20']], 'the Amsterdam date, not the UTC one');
    assert.deepEqual(await store.findByICalUId(DAVE, found[0]?.iCalUId ?? ''), [], '/events lists no occurrence');
    assert.ok(sim.requests.some((r) => r.path.endsWith(`/users/${DAVE}/calendarView`) && r.method === 'GET'));
  });

  it('update PATCHes only changed fields through $batch, times together, attendees replaced; stamps the LN key', async () => {
    const [m3] = await store.findByLnKey(ANNA, 'ACT-3');
    sim.resetRequests();
    const [result] = await store.update(ANNA, [{ id: m3!.id, patch: { subject: 'Meeting 3', start: '2026-11-13T09:00:00Z' }, attendees: [{ email: CAROL, name: 'Carol', role: 'optional' }] }]);
    const updated = ok(result!);
    const patch = subRequests('PATCH')[0]!.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(patch).sort(), ['attendees', 'end', 'isAllDay', 'start']);
    assert.deepEqual(patch.end, { dateTime: '2026-11-13T09:00:00', timeZone: 'UTC' });
    assert.equal(updated.fields.start, '2026-11-13T09:00:00Z');
    assert.equal(updated.fields.end, '2026-11-13T09:00:00Z');
    assert.deepEqual(updated.attendees.map((a) => [a.email, a.role]), [[CAROL, 'optional']]);
    assert.equal(updated.lnKey, 'ACT-3', 'the PATCH answer keeps the stamped key');
    assert.equal((await store.findByICalUId(CAROL, updated.iCalUId)).length, 1, 'the new attendee got the meeting');

    const unstamped = sim.createEventAsUser(ANNA, { subject: 'Typed in Outlook', start: { dateTime: '2026-11-20T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-20T11:00:00', timeZone: 'UTC' } });
    const stamped = ok((await store.update(ANNA, [{ id: idOf(unstamped), patch: {}, lnKey: 'ACT-77' }]))[0]!);
    assert.equal(stamped.lnKey, 'ACT-77');
    assert.deepEqual((await store.findByLnKey(ANNA, 'ACT-77')).map((s) => s.id), [idOf(unstamped)]);
    const nothing = await store.update(ANNA, [{ id: idOf(unstamped), patch: { subject: 'Typed in Outlook' } }, { id: 'AAkALgAAgone=', patch: { subject: 'x' } }]);
    assert.equal(ok(nothing[0]!).fields.subject, 'Typed in Outlook');
    assert.equal(nothing[1]!.ok, false);
  });

  it('B-A8: cancel works for the organizer (attendee copies go), is refused for an attendee, and a repeated cancel is done', async () => {
    const [m1] = await store.findByLnKey(ANNA, 'ACT-1');
    const [copy] = await store.findByICalUId(BOB, m1!.iCalUId);
    assert.ok(copy);
    sim.resetRequests();
    const [byAttendee] = await store.cancel(BOB, [copy.id], 'not mine');
    assert.equal(byAttendee!.ok, false);
    const [byOrganizer] = await store.cancel(ANNA, [m1!.id], 'Cancelled in LN');
    assert.equal(byOrganizer!.ok, true);
    const sent = subRequests('POST').find((r) => r.path.endsWith(`/events/${m1!.id}/cancel`))!;
    assert.deepEqual(sent.body, { comment: 'Cancelled in LN' });
    assert.equal(await store.get(ANNA, m1!.id), undefined);
    assert.deepEqual(await store.findByICalUId(BOB, m1!.iCalUId), []);
    assert.deepEqual(await store.cancel(ANNA, [m1!.id], 'again'), [{ ok: true, value: undefined }]);
  });

  it('remove deletes through $batch; an item already gone counts as deleted', async () => {
    const [m2] = await store.findByLnKey(ANNA, 'ACT-2');
    const results = await store.remove(ANNA, [m2!.id, m2!.id]);
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(await store.findByLnKey(ANNA, 'ACT-2'), []);
    assert.equal(subRequests('DELETE').length, 2);
  });

  it("delta in an attendee's mailbox: the invitation arrives as a copy, the organizer's cancel as @removed", async () => {
    const start = await store.delta(BOB, WINDOW, undefined);
    const [created] = (await store.create(ANNA, [meeting(8, {}, [{ email: BOB, name: 'Bob', role: 'optional' }])])).map(ok);
    const arrived = await store.delta(BOB, WINDOW, start.deltaLink);
    assert.equal(arrived.changed.length, 1);
    const copy = arrived.changed[0]!;
    assert.deepEqual([copy.iCalUId, copy.isOrganizer, copy.organizerEmail, copy.fields.subject], [created!.iCalUId, false, ANNA, 'Meeting 8']);
    assert.ok((await store.cancel(ANNA, [created!.id], 'Called off'))[0]!.ok);
    const gone = await store.delta(BOB, WINDOW, arrived.deltaLink);
    assert.deepEqual(gone, { changed: [], removed: [copy.id], deltaLink: gone.deltaLink });
  });
});
