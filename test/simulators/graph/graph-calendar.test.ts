// Proves the Graph simulator behaves like Graph on the calendar surface, over real HTTP on 127.0.0.1.
// Every answer (and every accepted request body) is also checked against Microsoft's Calendar.yml description.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGraphSimulator, type GraphSimulator, type GraphSimulatorOptions } from './graph-simulator';
import { loadGraphOpenApi, type GraphOpenApi } from './openapi-validator';

const ALICE = 'alice@contoso.example';
const BOB = 'bob@contoso.example';
const OUTSIDER = 'carol@fabrikam.example';
const LN_KEY = 'String {A5C7C2E1-9A3B-4C1D-8E2F-0123456789AB} Name LnActivityKey';
const enc = encodeURIComponent;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

let openApi: GraphOpenApi;
const checkedAnswers: string[] = [];

before(() => {
  openApi = loadGraphOpenApi(['Calendar.yml']);
});

async function withSim(options: GraphSimulatorOptions, body: (sim: GraphSimulator) => Promise<void>): Promise<void> {
  const sim = await startGraphSimulator({ mailboxes: [ALICE, BOB], ...options });
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

/** One Graph call; the answer must conform to Calendar.yml (and the request body too, when the simulator accepted it). */
async function call(sim: GraphSimulator, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = path.startsWith('http') ? path : `${sim.baseUrl}${path}`;
  const headers: Record<string, string> = { Authorization: `Bearer ${sim.token}`, ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as Json;
  if (res.status < 400 && opts.body !== undefined) assert.deepEqual(openApi.validateRequest({ method, path: url, body: opts.body }), [], `request of ${method} ${path}`);
  assert.deepEqual(openApi.validateResponse({ method, path: url, status: res.status, body: text ? body : undefined }), [], `answer to ${method} ${path}`);
  checkedAnswers.push(`${method} ${res.status}`);
  return { status: res.status, headers: res.headers, body };
}

function meeting(subject: string, start: string, end: string, timeZone: string, extra: Json = {}): Json {
  return { subject, start: { dateTime: start, timeZone }, end: { dateTime: end, timeZone }, ...extra };
}

function errorCode(answer: Answer): string {
  return (answer.body['error'] as { code: string }).code;
}

function values(answer: Answer): Json[] {
  return answer.body['value'] as Json[];
}

function startOf(e: Json): { dateTime: string; timeZone: string } {
  return e['start'] as { dateTime: string; timeZone: string };
}

const WEEKLY_MONDAYS = {
  pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
  range: { type: 'numbered', startDate: '2024-10-14', numberOfOccurrences: 4, recurrenceTimeZone: 'Europe/Amsterdam' },
};

describe('Graph simulator calendar: events', () => {
  it('creates, reads, updates (If-Match) and deletes an event, in the microsoft.graph.event shape', () => withSim({}, async (sim) => {
    const created = await call(sim, 'POST', `/users/${ALICE}/calendar/events`, {
      body: meeting('Plan', '2024-07-01T09:00:00', '2024-07-01T10:00:00', 'W. Europe Standard Time', {
        body: { contentType: 'html', content: '<html><body><p>Agenda &amp; notes</p></body></html>' },
        location: { displayName: 'Room 1' }, sensitivity: 'private', showAs: 'busy',
      }),
    });
    assert.equal(created.status, 201);
    const e = created.body;
    const id = e['id'] as string;
    assert.match(created.headers.get('location') ?? '', new RegExp(`/events/${enc(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.match(e['@odata.context'] as string, /\/events\/\$entity$/);
    assert.equal(e['@odata.etag'], `W/"${e['changeKey'] as string}"`);
    assert.equal(created.headers.get('etag'), e['@odata.etag']);
    assert.equal(e['type'], 'singleInstance');
    assert.equal(e['isOrganizer'], true);
    assert.deepEqual(e['responseStatus'], { response: 'organizer', time: '0001-01-01T00:00:00Z' });
    assert.deepEqual(e['organizer'], { emailAddress: { name: 'Alice', address: ALICE } });
    assert.equal(e['originalStartTimeZone'], 'W. Europe Standard Time');
    assert.deepEqual(e['start'], { dateTime: '2024-07-01T07:00:00.0000000', timeZone: 'UTC' });
    assert.equal(e['sensitivity'], 'private');
    assert.equal(e['bodyPreview'], 'Agenda & notes');
    assert.match(e['iCalUId'] as string, /^040000008200E00074C5B7101A82E00800000000[0-9A-F]+$/);
    assert.equal(e['recurrence'], null);
    assert.equal(e['transactionId'], null);
    assert.equal('singleValueExtendedProperties' in e, false);

    const got = await call(sim, 'GET', `/users/${ALICE}/events/${enc(id)}`);
    assert.equal(got.body['subject'], 'Plan');
    const stale = e['@odata.etag'];
    const patched = await call(sim, 'PATCH', `/users/${ALICE}/calendar/events/${enc(id)}`, { body: { subject: 'Plan B' }, headers: { 'If-Match': stale } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body['subject'], 'Plan B');
    assert.equal((patched.body['location'] as Json)['displayName'], 'Room 1');
    assert.notEqual(patched.body['changeKey'], e['changeKey']);
    assert.equal((await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(id)}`, { body: { subject: 'x' }, headers: { 'If-Match': stale } })).status, 412);
    assert.equal((await call(sim, 'DELETE', `/users/${ALICE}/events/${enc(id)}`)).status, 204);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/events/${enc(id)}`)).status, 404);
    assert.deepEqual(sim.listEvents(ALICE), []);
  }));

  it('serves the primary calendar and mailboxSettings.timeZone (UTC by default, settable)', () => withSim({ mailboxTimeZone: 'W. Europe Standard Time' }, async (sim) => {
    const calendar = await call(sim, 'GET', `/users/${ALICE}/calendar`);
    assert.equal(calendar.body['id'], sim.calendarId(ALICE));
    assert.equal(calendar.body['isDefaultCalendar'], true);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/mailboxSettings`)).body['timeZone'], 'W. Europe Standard Time');
    sim.setMailboxTimeZone(BOB, 'Pacific Standard Time');
    assert.equal((await call(sim, 'GET', `/users/${BOB}/mailboxSettings`)).body['timeZone'], 'Pacific Standard Time');
    await withSim({}, async (plain) => assert.equal((await call(plain, 'GET', `/users/${ALICE}/mailboxSettings`)).body['timeZone'], 'UTC'));
  }));

  it('rejects unknown properties, unknown zones and a missing start with 400, creating nothing', () => withSim({}, async (sim) => {
    const unknown = await call(sim, 'POST', `/users/${ALICE}/events`, { body: { ...meeting('x', '2024-07-01T09:00:00', '2024-07-01T10:00:00', 'UTC'), colour: 'red' } });
    assert.equal(unknown.status, 400);
    assert.match((unknown.body['error'] as { message: string }).message, /The property 'colour' does not exist/);
    assert.notDeepEqual(openApi.validateRequest({ method: 'POST', path: `/users/${ALICE}/events`, body: { colour: 'red' } }), []);
    const zone = await call(sim, 'POST', `/users/${ALICE}/events`, { body: meeting('x', '2024-07-01T09:00:00', '2024-07-01T10:00:00', 'Mars Standard Time') });
    assert.equal(zone.status, 400);
    assert.equal(errorCode(zone), 'TimeZoneNotSupportedException');
    assert.equal((await call(sim, 'POST', `/users/${ALICE}/events`, { body: { subject: 'no time' } })).status, 400);
    assert.deepEqual(sim.listEvents(ALICE), []);
  }));

  it('does not create a second event for a transactionId already used (same body: the first event; other body: 400)', () => withSim({}, async (sim) => {
    const body = meeting('Once', '2024-07-02T09:00:00', '2024-07-02T10:00:00', 'UTC', { transactionId: 'ln-activity-42' });
    const first = await call(sim, 'POST', `/users/${ALICE}/events`, { body });
    const retry = await call(sim, 'POST', `/users/${ALICE}/events`, { body });
    assert.equal(retry.status, 201);
    assert.equal(retry.body['id'], first.body['id']);
    assert.equal(retry.body['transactionId'], 'ln-activity-42');
    const other = await call(sim, 'POST', `/users/${ALICE}/events`, { body: { ...body, subject: 'Twice' } });
    assert.equal(other.status, 400);
    assert.equal(errorCode(other), 'ErrorDuplicateTransactionId');
    assert.equal(sim.listEvents(ALICE).length, 1);
    assert.equal((await call(sim, 'POST', `/users/${BOB}/events`, { body })).status, 201);
  }));

  it('converts start/end to the Prefer outlook.timezone zone (Windows or IANA) and bodies to text on request', () => withSim({}, async (sim) => {
    const e = sim.createEventAsUser(ALICE, meeting('TZ', '2024-07-01T09:00:00', '2024-07-01T10:30:00', 'W. Europe Standard Time', { body: { contentType: 'html', content: '<div>Line&nbsp;one<br>Line two</div>' } }));
    const path = `/users/${ALICE}/events/${enc(e['id'] as string)}`;
    const pacific = await call(sim, 'GET', path, { headers: { Prefer: 'outlook.timezone="Pacific Standard Time"' } });
    assert.deepEqual(pacific.body['start'], { dateTime: '2024-07-01T00:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.deepEqual(pacific.body['end'], { dateTime: '2024-07-01T01:30:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.match(pacific.headers.get('preference-applied') ?? '', /outlook\.timezone="Pacific Standard Time"/);
    const amsterdam = await call(sim, 'GET', path, { headers: { Prefer: 'outlook.timezone="Europe/Amsterdam", outlook.body-content-type="text"' } });
    assert.equal(startOf(amsterdam.body).dateTime, '2024-07-01T09:00:00.0000000');
    assert.deepEqual(amsterdam.body['body'], { contentType: 'text', content: 'Line one\r\nLine two' });
    const utc = await call(sim, 'GET', path);
    assert.deepEqual(utc.body['start'], { dateTime: '2024-07-01T07:00:00.0000000', timeZone: 'UTC' });
    assert.equal((utc.body['body'] as Json)['contentType'], 'html');
  }));

  it('keeps all-day events at midnight of their own dates whatever zone is preferred; rejects non-midnight all-day times', () => withSim({}, async (sim) => {
    const created = await call(sim, 'POST', `/users/${ALICE}/events`, { body: meeting('Holiday', '2024-10-10T00:00:00', '2024-10-11T00:00:00', 'Pacific Standard Time', { isAllDay: true }) });
    assert.equal(created.status, 201);
    const path = `/users/${ALICE}/events/${enc(created.body['id'] as string)}`;
    const tokyo = await call(sim, 'GET', path, { headers: { Prefer: 'outlook.timezone="Tokyo Standard Time"' } });
    assert.deepEqual(tokyo.body['start'], { dateTime: '2024-10-10T00:00:00.0000000', timeZone: 'Tokyo Standard Time' });
    assert.deepEqual(tokyo.body['end'], { dateTime: '2024-10-11T00:00:00.0000000', timeZone: 'Tokyo Standard Time' });
    assert.equal(tokyo.body['isAllDay'], true);
    // The day is the organizer's day: midnight Pacific is 07:00 UTC, so a window ending at 06:00 UTC misses it.
    assert.equal(sim.calendarView(ALICE, '2024-10-10T00:00:00Z', '2024-10-10T06:00:00Z').length, 0);
    assert.equal(sim.calendarView(ALICE, '2024-10-10T06:00:00Z', '2024-10-10T08:00:00Z').length, 1);
    const bad = await call(sim, 'POST', `/users/${ALICE}/events`, { body: meeting('Bad', '2024-10-10T09:00:00', '2024-10-11T00:00:00', 'UTC', { isAllDay: true }) });
    assert.equal(bad.status, 400);
  }));
});

describe('Graph simulator calendar: recurrence', () => {
  it('expands a weekly series in its zone: 09:00 Amsterdam on both sides of the October DST change, the UTC instant moves', () => withSim({}, async (sim) => {
    const master = await call(sim, 'POST', `/users/${ALICE}/events`, { body: meeting('Weekly', '2024-10-14T09:00:00', '2024-10-14T10:00:00', 'Europe/Amsterdam', { recurrence: WEEKLY_MONDAYS }) });
    assert.equal(master.body['type'], 'seriesMaster');
    assert.deepEqual(master.body['recurrence'], {
      pattern: { type: 'weekly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'monday', index: 'first' },
      range: { type: 'numbered', startDate: '2024-10-14', endDate: '0001-01-01', recurrenceTimeZone: 'Europe/Amsterdam', numberOfOccurrences: 4 },
    });
    const window = `startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-12-01T00:00:00Z`;
    const local = values(await call(sim, 'GET', `/users/${ALICE}/calendarView?${window}`, { headers: { Prefer: 'outlook.timezone="Europe/Amsterdam"' } }));
    assert.deepEqual(local.map((o) => startOf(o).dateTime), ['2024-10-14T09:00:00.0000000', '2024-10-21T09:00:00.0000000', '2024-10-28T09:00:00.0000000', '2024-11-04T09:00:00.0000000']);
    const utc = values(await call(sim, 'GET', `/users/${ALICE}/calendarView?${window}`));
    assert.deepEqual(utc.map((o) => startOf(o).dateTime), ['2024-10-14T07:00:00.0000000', '2024-10-21T07:00:00.0000000', '2024-10-28T08:00:00.0000000', '2024-11-04T08:00:00.0000000']);
    assert.deepEqual(utc.map((o) => o['originalStart']), ['2024-10-14T07:00:00Z', '2024-10-21T07:00:00Z', '2024-10-28T08:00:00Z', '2024-11-04T08:00:00Z']);
    for (const o of utc) {
      assert.equal(o['type'], 'occurrence');
      assert.equal(o['seriesMasterId'], master.body['id']);
      assert.equal(o['recurrence'], null);
      assert.notEqual(o['iCalUId'], master.body['iCalUId']);
    }
    assert.equal(new Set(utc.map((o) => o['iCalUId'])).size, 4);
    assert.equal(new Set(utc.map((o) => o['id'])).size, 4);
    assert.deepEqual(sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z').map((o) => o['id']), utc.map((o) => o['id']), 'occurrence ids are stable');
    const listed = values(await call(sim, 'GET', `/users/${ALICE}/events`));
    assert.deepEqual(listed.map((e) => e['type']), ['seriesMaster']);
    const instances = values(await call(sim, 'GET', `/users/${ALICE}/events/${enc(master.body['id'] as string)}/instances?${window}`));
    assert.equal(instances.length, 4);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/calendarView`)).status, 400);
  }));

  it('PATCH of an occurrence makes it an exception; DELETE of an occurrence removes only that one', () => withSim({}, async (sim) => {
    const master = sim.createEventAsUser(ALICE, meeting('Daily', '2024-10-14T09:00:00', '2024-10-14T09:30:00', 'W. Europe Standard Time', {
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2024-10-14', endDate: '2024-10-18' } },
    }));
    const [first, second, third] = sim.calendarView(ALICE, '2024-10-14T00:00:00Z', '2024-10-19T00:00:00Z');
    assert.ok(first && second && third);
    const exception = await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(second['id'] as string)}`, { body: { subject: 'Daily (moved)', start: { dateTime: '2024-10-15T11:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2024-10-15T11:30:00', timeZone: 'W. Europe Standard Time' } } });
    assert.equal(exception.status, 200);
    assert.equal(exception.body['id'], second['id']);
    assert.equal(exception.body['type'], 'exception');
    assert.equal(exception.body['seriesMasterId'], master['id']);
    assert.equal(exception.body['originalStart'], '2024-10-15T07:00:00Z');
    assert.equal(startOf(exception.body).dateTime, '2024-10-15T09:00:00.0000000');
    assert.equal(exception.body['iCalUId'], second['iCalUId']);
    assert.equal((await call(sim, 'DELETE', `/users/${ALICE}/events/${enc(third['id'] as string)}`)).status, 204);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/events/${enc(third['id'] as string)}`)).status, 404);
    const view = sim.calendarView(ALICE, '2024-10-14T00:00:00Z', '2024-10-19T00:00:00Z');
    assert.deepEqual(view.map((o) => [o['type'], o['subject']]), [['occurrence', 'Daily'], ['exception', 'Daily (moved)'], ['occurrence', 'Daily'], ['occurrence', 'Daily']]);
    assert.deepEqual(sim.listEvents(ALICE).map((e) => e['type']).sort(), ['exception', 'seriesMaster']);
  }));
});

describe('Graph simulator calendar: calendarView and delta', () => {
  it('pages calendarView with odata.maxpagesize and nextLink, keeping the window', () => withSim({}, async (sim) => {
    for (let d = 1; d <= 5; d++) sim.createEventAsUser(ALICE, meeting(`E${d}`, `2024-07-0${d}T09:00:00`, `2024-07-0${d}T10:00:00`, 'UTC'));
    const subjects: string[] = [];
    let next: string | undefined = `/users/${ALICE}/calendarView?startDateTime=2024-07-01T00:00:00Z&endDateTime=2024-07-31T00:00:00Z`;
    while (next) {
      const page: Answer = await call(sim, 'GET', next, { headers: { Prefer: 'odata.maxpagesize=2' } });
      subjects.push(...values(page).map((e) => e['subject'] as string));
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    assert.deepEqual(subjects, ['E1', 'E2', 'E3', 'E4', 'E5']);
  }));

  it('delta: initial round pages to a deltaLink; the next round reports changes in the original window and @removed', () => withSim({}, async (sim) => {
    const ids = [1, 2, 3, 4, 5].map((d) => sim.createEventAsUser(ALICE, meeting(`E${d}`, `2024-07-0${d}T09:00:00`, `2024-07-0${d}T10:00:00`, 'UTC'))['id'] as string);
    const outside = sim.createEventAsUser(ALICE, meeting('Later', '2024-09-01T09:00:00', '2024-09-01T10:00:00', 'UTC'))['id'] as string;
    const first = await drainDelta(sim, `/users/${ALICE}/calendarView/delta?startdatetime=2024-07-01T00:00:00Z&enddatetime=2024-08-01T00:00:00Z`, 2);
    assert.equal(first.pages, 3);
    assert.deepEqual(first.items.map((i) => i['id']), ids);
    assert.equal(first.items[0]?.['@odata.type'], '#microsoft.graph.event');

    sim.updateEventAsUser(ALICE, ids[0] ?? '', { subject: 'E1 changed' });
    sim.deleteEventAsUser(ALICE, ids[1] ?? '');
    sim.updateEventAsUser(ALICE, ids[2] ?? '', { start: { dateTime: '2024-08-03T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2024-08-03T10:00:00', timeZone: 'UTC' } });
    const added = sim.createEventAsUser(ALICE, meeting('New', '2024-07-20T09:00:00', '2024-07-20T10:00:00', 'UTC'))['id'] as string;
    sim.updateEventAsUser(ALICE, outside, { subject: 'Later changed' });

    const second = await drainDelta(sim, first.deltaLink, 2);
    const changed = second.items.filter((i) => !('@removed' in i));
    const removed = second.items.filter((i) => '@removed' in i);
    assert.deepEqual(new Set(changed.map((i) => i['id'])), new Set([ids[0], added]));
    assert.equal(changed.find((i) => i['id'] === ids[0])?.['subject'], 'E1 changed');
    assert.deepEqual(new Set(removed.map((i) => i['id'])), new Set([ids[1], ids[2], outside]));
    for (const r of removed) assert.deepEqual(r, { '@odata.type': '#microsoft.graph.event', id: r['id'], '@removed': { reason: 'deleted' } });
    const quiet = await drainDelta(sim, second.deltaLink, 10);
    assert.deepEqual(quiet.items, []);
  }));

  it('delta reports a series whose occurrence became an exception or was deleted, and refuses $select and a missing window', () => withSim({}, async (sim) => {
    sim.createEventAsUser(ALICE, meeting('Weekly', '2024-10-14T09:00:00', '2024-10-14T10:00:00', 'Europe/Amsterdam', { recurrence: WEEKLY_MONDAYS }));
    const first = await drainDelta(sim, `/users/${ALICE}/calendarView/delta?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-12-01T00:00:00Z`, 10);
    assert.deepEqual(first.items.map((i) => i['type']), ['occurrence', 'occurrence', 'occurrence', 'occurrence']);
    const [a, b] = first.items;
    sim.updateEventAsUser(ALICE, a?.['id'] as string, { subject: 'Special' });
    sim.deleteEventAsUser(ALICE, b?.['id'] as string);
    const second = await drainDelta(sim, first.deltaLink, 10);
    assert.deepEqual(second.items.find((i) => i['id'] === a?.['id'])?.['type'], 'exception');
    assert.ok(second.items.some((i) => i['id'] === b?.['id'] && '@removed' in i));
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/calendarView/delta`)).status, 400);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/calendarView/delta?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-12-01T00:00:00Z&$select=subject`)).status, 400);
    sim.expireDeltaTokens(ALICE);
    assert.equal((await call(sim, 'GET', second.deltaLink)).status, 410);
  }));
});

describe('Graph simulator calendar: meetings between mailboxes', () => {
  it('delivers a copy to each hosted attendee, keeps it updated, and records accept/tentative in the organizer\'s copy', () => withSim({}, async (sim) => {
    const created = await call(sim, 'POST', `/users/${ALICE}/events`, {
      body: meeting('Review', '2024-07-03T13:00:00', '2024-07-03T14:00:00', 'UTC', {
        attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }, { type: 'optional', emailAddress: { name: 'Carol', address: OUTSIDER } }],
        singleValueExtendedProperties: [{ id: LN_KEY, value: 'ACT-1' }],
      }),
    });
    const organizerId = created.body['id'] as string;
    const [copy] = sim.listEvents(BOB);
    assert.ok(copy);
    assert.equal(copy['iCalUId'], created.body['iCalUId']);
    assert.notEqual(copy['id'], organizerId);
    assert.equal(copy['isOrganizer'], false);
    assert.deepEqual(copy['responseStatus'], { response: 'notResponded', time: '0001-01-01T00:00:00Z' });
    assert.deepEqual(copy['organizer'], { emailAddress: { name: 'Alice', address: ALICE } });
    assert.deepEqual((copy['attendees'] as Array<{ emailAddress: { address: string } }>).map((a) => a.emailAddress.address), [BOB, OUTSIDER]);
    assert.deepEqual(copy['singleValueExtendedProperties'], []);

    await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(organizerId)}`, { body: { subject: 'Review (moved)', start: { dateTime: '2024-07-03T15:00:00', timeZone: 'UTC' }, end: { dateTime: '2024-07-03T16:00:00', timeZone: 'UTC' } } });
    const updated = sim.listEvents(BOB)[0] ?? {};
    assert.equal(updated['id'], copy['id']);
    assert.equal(updated['subject'], 'Review (moved)');
    assert.equal(startOf(updated).dateTime, '2024-07-03T15:00:00.0000000');

    const bobPath = `/users/${BOB}/events/${enc(copy['id'] as string)}`;
    assert.equal((await call(sim, 'POST', `${bobPath}/tentativelyAccept`, { body: { comment: 'maybe', sendResponse: true } })).status, 202);
    assert.equal(attendeeStatus(sim, ALICE, BOB), 'tentativelyAccepted');
    assert.equal((await call(sim, 'POST', `${bobPath}/accept`, { body: { sendResponse: true } })).status, 202);
    assert.equal(attendeeStatus(sim, ALICE, BOB), 'accepted');
    assert.equal(((await call(sim, 'GET', bobPath)).body['responseStatus'] as { response: string }).response, 'accepted');
    assert.equal(attendeeStatus(sim, ALICE, OUTSIDER), 'none');
    assert.equal((await call(sim, 'POST', `/users/${ALICE}/events/${enc(organizerId)}/accept`, { body: {} })).status, 400);
    const bobChangeKey = sim.listEvents(BOB)[0]?.['changeKey'];
    sim.updateEventAsUser(ALICE, organizerId, { singleValueExtendedProperties: [{ id: LN_KEY, value: 'ACT-2' }] });
    assert.equal(sim.listEvents(BOB)[0]?.['changeKey'], bobChangeKey, 'no update is sent for the organizer\'s own properties');
  }));

  it('only the organizer may cancel (400 ErrorAccessDenied otherwise); cancel and delete by the organizer remove the copies', () => withSim({}, async (sim) => {
    const invite = { attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }] };
    const one = sim.createEventAsUser(ALICE, meeting('One', '2024-07-04T09:00:00', '2024-07-04T10:00:00', 'UTC', invite));
    const bobCopy = sim.listEvents(BOB)[0]?.['id'] as string;
    const refused = await call(sim, 'POST', `/users/${BOB}/events/${enc(bobCopy)}/cancel`, { body: { comment: 'no' } });
    assert.equal(refused.status, 400);
    assert.equal(errorCode(refused), 'ErrorAccessDenied');
    assert.match((refused.body['error'] as { message: string }).message, /You need to be an organizer to cancel a meeting/);
    assert.equal((await call(sim, 'POST', `/users/${ALICE}/events/${enc(one['id'] as string)}/cancel`, { body: { comment: 'Called off' } })).status, 202);
    assert.deepEqual(sim.listEvents(ALICE), []);
    assert.deepEqual(sim.listEvents(BOB), []);

    const two = sim.createEventAsUser(ALICE, meeting('Two', '2024-07-05T09:00:00', '2024-07-05T10:00:00', 'UTC', invite));
    assert.equal(sim.listEvents(BOB).length, 1);
    sim.deleteEventAsUser(ALICE, two['id'] as string);
    assert.deepEqual(sim.listEvents(BOB), []);
  }));

  it('decline removes the attendee\'s copy and records it; deleting a copy without responding just removes it', () => withSim({}, async (sim) => {
    const invite = { attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }] };
    const window = 'startDateTime=2024-07-01T00:00:00Z&endDateTime=2024-08-01T00:00:00Z';
    const bobBefore = await drainDelta(sim, `/users/${BOB}/calendarView/delta?${window}`, 10);
    const aliceBefore = await drainDelta(sim, `/users/${ALICE}/calendarView/delta?${window}`, 10);
    sim.createEventAsUser(ALICE, meeting('Declined', '2024-07-06T09:00:00', '2024-07-06T10:00:00', 'UTC', invite));
    const copy = sim.listEvents(BOB)[0]?.['id'] as string;
    const invited = await drainDelta(sim, bobBefore.deltaLink, 10);
    assert.deepEqual(invited.items.map((i) => i['id']), [copy]);
    const aliceCreated = await drainDelta(sim, aliceBefore.deltaLink, 10);
    assert.equal((await call(sim, 'POST', `/users/${BOB}/events/${enc(copy)}/decline`, { body: { comment: 'busy', sendResponse: true } })).status, 202);
    assert.deepEqual(sim.listEvents(BOB), []);
    assert.equal(attendeeStatus(sim, ALICE, BOB), 'declined');
    assert.deepEqual((await drainDelta(sim, invited.deltaLink, 10)).items, [{ '@odata.type': '#microsoft.graph.event', id: copy, '@removed': { reason: 'deleted' } }]);
    const response = (await drainDelta(sim, aliceCreated.deltaLink, 10)).items;
    assert.equal(response.length, 1, 'the organizer sees the response as a change');
    assert.equal((response[0]?.['attendees'] as Array<{ status: { response: string } }>)[0]?.status.response, 'declined');

    const kept = sim.createEventAsUser(ALICE, meeting('Ignored', '2024-07-07T09:00:00', '2024-07-07T10:00:00', 'UTC', invite));
    const ignored = sim.listEvents(BOB)[0]?.['id'] as string;
    assert.equal((await call(sim, 'DELETE', `/users/${BOB}/events/${enc(ignored)}`)).status, 204);
    assert.deepEqual(sim.listEvents(BOB), []);
    assert.equal(sim.listEvents(ALICE).find((e) => e['id'] === kept['id'])?.['subject'], 'Ignored');
  }));

  it('carries a recurring meeting, its exceptions and deleted occurrences into the attendee\'s calendar with the same iCalUIds', () => withSim({}, async (sim) => {
    sim.createEventAsUser(ALICE, meeting('Standup', '2024-10-14T09:00:00', '2024-10-14T09:15:00', 'Europe/Amsterdam', {
      recurrence: WEEKLY_MONDAYS, attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }],
    }));
    const [o1, o2] = sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    sim.updateEventAsUser(ALICE, o1?.['id'] as string, { subject: 'Standup (retro)' });
    sim.cancelEventAsUser(ALICE, o2?.['id'] as string, 'Holiday');
    const mine = sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    const bobs = sim.calendarView(BOB, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    assert.deepEqual(bobs.map((o) => [o['type'], o['subject'], o['iCalUId']]), mine.map((o) => [o['type'], o['subject'], o['iCalUId']]));
    assert.equal(bobs.length, 3);
    assert.ok(bobs.every((o) => o['isOrganizer'] === false));
  }));
});

describe('Graph simulator calendar: exceptions and series changes', () => {
  it('an exception overrides only what was written: a later edit of the series reaches its other properties', () => withSim({}, async (sim) => {
    const master = sim.createEventAsUser(ALICE, meeting('Review', '2024-10-14T09:00:00', '2024-10-14T10:00:00', 'Europe/Amsterdam', { recurrence: WEEKLY_MONDAYS, location: { displayName: 'Room 1' } }));
    const [, second] = sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(second?.['id'] as string)}`, { body: { subject: 'Review (customer)' } });
    await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(master['id'] as string)}`, { body: { subject: 'Review v2', location: { displayName: 'Room 2' } } });
    const view = values(await call(sim, 'GET', `/users/${ALICE}/calendarView?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-12-01T00:00:00Z`));
    assert.deepEqual(view.map((o) => [o['type'], o['subject'], (o['location'] as { displayName: string }).displayName]), [
      ['occurrence', 'Review v2', 'Room 2'], ['exception', 'Review (customer)', 'Room 2'], ['occurrence', 'Review v2', 'Room 2'], ['occurrence', 'Review v2', 'Room 2'],
    ]);
  }));

  it('GET /events lists series masters and single instances, never occurrences; occurrence iCalUIds carry the original local date', () => withSim({}, async (sim) => {
    const master = sim.createEventAsUser(ALICE, meeting('Late', '2024-10-14T23:30:00', '2024-10-14T23:45:00', 'Europe/Amsterdam', { recurrence: WEEKLY_MONDAYS }));
    const listed = values(await call(sim, 'GET', `/users/${ALICE}/events`));
    assert.deepEqual(listed.map((e) => e['type']), ['seriesMaster']);
    const [first] = sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    assert.equal(first?.['originalStart'], '2024-10-14T21:30:00Z');
    // [MS-OXOCAL] 2.2.1.27: bytes 16-19 of the GlobalObjectId are the instance's original year (big-endian), month and day
    assert.equal(String(first?.['iCalUId']).slice(32, 40), '07E80A0E', 'the local date 2024-10-14, not the UTC one');
    assert.equal(String(master['iCalUId']).slice(32, 40), '00000000');
    assert.equal(String(first?.['iCalUId']).slice(40), String(master['iCalUId']).slice(40));
    assert.deepEqual(values(await call(sim, 'GET', `/users/${ALICE}/events?$filter=${enc(`iCalUId eq '${String(first?.['iCalUId'])}'`)}`)), []);
  }));

  it('a new time of the series regenerates its occurrences and drops its exceptions and deleted occurrences, in every copy', () => withSim({}, async (sim) => {
    const master = sim.createEventAsUser(ALICE, meeting('Standup', '2024-10-14T09:00:00', '2024-10-14T09:15:00', 'Europe/Amsterdam', {
      recurrence: WEEKLY_MONDAYS, attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }],
    }));
    const before = sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    sim.updateEventAsUser(ALICE, before[0]?.['id'] as string, { subject: 'Standup (retro)' });
    sim.deleteEventAsUser(ALICE, before[1]?.['id'] as string);
    await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(master['id'] as string)}`, { body: { start: { dateTime: '2024-10-14T10:00:00', timeZone: 'Europe/Amsterdam' }, end: { dateTime: '2024-10-14T10:15:00', timeZone: 'Europe/Amsterdam' } } });
    for (const upn of [ALICE, BOB]) {
      const after = sim.calendarView(upn, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
      assert.deepEqual(after.map((o) => [o['type'], o['subject'], o['originalStart']]), [
        ['occurrence', 'Standup', '2024-10-14T08:00:00Z'], ['occurrence', 'Standup', '2024-10-21T08:00:00Z'],
        ['occurrence', 'Standup', '2024-10-28T09:00:00Z'], ['occurrence', 'Standup', '2024-11-04T09:00:00Z'],
      ], upn);
      assert.deepEqual(sim.listEvents(upn).map((e) => e['type']), ['seriesMaster'], `${upn}: no exception left`);
    }
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/events/${enc(before[2]?.['id'] as string)}`)).status, 404, 'an occurrence of the old time is gone');
  }));

  it('a new time of the series also drops the attendee’s own response to one occurrence: one occurrence per date', () => withSim({}, async (sim) => {
    const master = sim.createEventAsUser(ALICE, meeting('Standup', '2024-10-14T09:00:00', '2024-10-14T09:15:00', 'Europe/Amsterdam', {
      recurrence: WEEKLY_MONDAYS, attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }],
    }));
    const bobs = sim.calendarView(BOB, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    assert.equal((await call(sim, 'POST', `/users/${BOB}/events/${enc(bobs[1]?.['id'] as string)}/accept`, { body: { sendResponse: true } })).status, 202);
    await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(master['id'] as string)}`, { body: { start: { dateTime: '2024-10-14T10:00:00', timeZone: 'Europe/Amsterdam' }, end: { dateTime: '2024-10-14T10:15:00', timeZone: 'Europe/Amsterdam' } } });
    const after = sim.calendarView(BOB, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    assert.deepEqual(after.map((o) => [o['type'], o['originalStart']]), [
      ['occurrence', '2024-10-14T08:00:00Z'], ['occurrence', '2024-10-21T08:00:00Z'], ['occurrence', '2024-10-28T09:00:00Z'], ['occurrence', '2024-11-04T09:00:00Z'],
    ]);
    assert.deepEqual(sim.listEvents(BOB).map((e) => e['type']), ['seriesMaster'], 'no exception left in the attendee’s calendar');
  }));

  it('an attendee declining one occurrence loses only that occurrence; the organizer sees the decline on it, without an exception', () => withSim({}, async (sim) => {
    sim.createEventAsUser(ALICE, meeting('Standup', '2024-10-14T09:00:00', '2024-10-14T09:15:00', 'Europe/Amsterdam', {
      recurrence: WEEKLY_MONDAYS, attendees: [{ type: 'required', emailAddress: { name: 'Bob', address: BOB } }],
    }));
    const bobs = sim.calendarView(BOB, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    assert.equal((await call(sim, 'POST', `/users/${BOB}/events/${enc(bobs[1]?.['id'] as string)}/decline`, { body: { sendResponse: true } })).status, 202);
    assert.equal(sim.calendarView(BOB, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z').length, 3);
    const alices = sim.calendarView(ALICE, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    const response = (o: Json | undefined): string | undefined => (o?.['attendees'] as Array<{ status: { response: string } }>)[0]?.status.response;
    assert.deepEqual(alices.map(response), ['none', 'declined', 'none', 'none']);
    assert.deepEqual(sim.listEvents(ALICE).map((e) => e['type']), ['seriesMaster']);
    sim.updateEventAsUser(ALICE, String(sim.listEvents(ALICE)[0]?.['id']), { subject: 'Standup v2' });
    assert.equal(sim.calendarView(BOB, '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z').length, 3, 'an update of the series keeps the decline');
  }));
});

describe('Graph simulator calendar: queries and extended properties', () => {
  it('filters event lists by iCalUId and by extended property, and expands extended properties by id', () => withSim({}, async (sim) => {
    const a = sim.createEventAsUser(ALICE, meeting('A', '2024-07-01T09:00:00', '2024-07-01T10:00:00', 'UTC', { singleValueExtendedProperties: [{ id: LN_KEY, value: 'ACT-A' }] }));
    sim.createEventAsUser(ALICE, meeting('B', '2024-07-02T09:00:00', '2024-07-02T10:00:00', 'UTC', { singleValueExtendedProperties: [{ id: LN_KEY, value: 'ACT-B' }] }));
    sim.createEventAsUser(ALICE, meeting('C', '2024-07-03T09:00:00', '2024-07-03T10:00:00', 'UTC'));
    const byUid = await call(sim, 'GET', `/users/${ALICE}/events?$filter=${enc(`iCalUId eq '${a['iCalUId'] as string}'`)}`);
    assert.deepEqual(values(byUid).map((e) => e['id']), [a['id']]);
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${LN_KEY}' and ep/value eq 'ACT-A')`;
    const expand = `singleValueExtendedProperties($filter=id eq '${LN_KEY}')`;
    const byKey = await call(sim, 'GET', `/users/${ALICE}/calendar/events?$filter=${enc(filter)}&$expand=${enc(expand)}`);
    assert.deepEqual(values(byKey).map((e) => e['id']), [a['id']]);
    assert.deepEqual(values(byKey)[0]?.['singleValueExtendedProperties'], [{ id: 'String {a5c7c2e1-9a3b-4c1d-8e2f-0123456789ab} Name LnActivityKey', value: 'ACT-A' }]);
    const any = await call(sim, 'GET', `/users/${ALICE}/events?$filter=${enc(`singleValueExtendedProperties/any(ep: ep/id eq '${LN_KEY}')`)}`);
    assert.equal(values(any).length, 2);
    const one = await call(sim, 'GET', `/users/${ALICE}/events/${enc(a['id'] as string)}?$expand=${enc(expand)}`);
    assert.equal((one.body['singleValueExtendedProperties'] as Json[]).length, 1);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/events?$filter=${enc("start/dateTime ge '2024'")}`)).status, 400);
  }));

  it('runs event requests inside $batch with the same behaviour', () => withSim({}, async (sim) => {
    const json = { 'Content-Type': 'application/json' };
    const res = await fetch(`${sim.baseUrl}/$batch`, {
      method: 'POST', headers: { Authorization: `Bearer ${sim.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests: [
        { id: '1', method: 'POST', url: `/users/${ALICE}/events`, headers: json, body: meeting('Batched', '2024-07-01T09:00:00', '2024-07-01T10:00:00', 'UTC') },
        { id: '2', method: 'GET', url: `/users/${ALICE}/calendarView?startDateTime=2024-07-01T00:00:00Z&endDateTime=2024-07-02T00:00:00Z`, dependsOn: ['1'] },
      ] }),
    });
    const responses = ((await res.json()) as { responses: Array<{ id: string; status: number; body: Json }> }).responses;
    assert.deepEqual(responses.map((r) => r.status), [201, 200]);
    assert.deepEqual(openApi.validateResponse({ method: 'POST', path: `/users/${ALICE}/events`, status: 201, body: responses[0]?.body }), []);
    assert.equal((responses[1]?.body['value'] as Json[])[0]?.['subject'], 'Batched');
  }));
});

after(() => {
  assert.ok(checkedAnswers.length > 40, 'Calendar.yml checked the answers');
});

function attendeeStatus(sim: GraphSimulator, organizer: string, attendee: string): string | undefined {
  const event = sim.listEvents(organizer).find((e) => e['isOrganizer'] === true);
  const found = (event?.['attendees'] as Array<{ emailAddress: { address: string }; status: { response: string } }> | undefined)?.find((a) => a.emailAddress.address === attendee);
  return found?.status.response;
}

async function drainDelta(sim: GraphSimulator, start: string, pageSize: number): Promise<{ items: Json[]; pages: number; deltaLink: string }> {
  const items: Json[] = [];
  let url: string | undefined = start;
  let pages = 0;
  while (url) {
    const page: Answer = await call(sim, 'GET', url, { headers: { Prefer: `odata.maxpagesize=${pageSize}` } });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    items.push(...values(page));
    pages++;
    url = page.body['@odata.nextLink'] as string | undefined;
    if (!url) return { items, pages, deltaLink: page.body['@odata.deltaLink'] as string };
  }
  return { items, pages, deltaLink: '' };
}
