// Model-based test of calendar synchronization (fast-check commands): random creates, edits, deletes, cancels and
// responses in LN and in two mailboxes, recurring series with exceptions, deleted and declined occurrences and series
// moved in time, random faults, then sync every user until quiet and check the invariants.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import type { EventFields } from '../../shared/domain/calendar-event';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../shared/local/embedded-azurite';
import type { RunReport } from '../../shared/sync/run-report';
import { ADELE, MEGAN, startContactWorld, type ContactWorld } from './sync-world';

const USERS = [ADELE, MEGAN];
const EMPLOYEE: Record<string, string> = { [ADELE]: 'EMP000001', [MEGAN]: 'EMP000002' };
const OUTSIDE = 'EMP000009';

type Real = ContactWorld;
type Cmd = fc.AsyncCommand<object, Real>;

const day = (offset: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};
const slot = (offset: number, hour: number): string => `${day(offset)}T${String(hour).padStart(2, '0')}:00:00Z`;

const pick = <T>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);
const command = (name: string, run: (r: Real) => Promise<void> | void): Cmd => ({ check: () => true, run: async (_m, r) => run(r), toString: () => name });
const keys = (r: Real): string[] => r.ln.listActivities().map((a) => a.Activity).sort();
const organizerEvents = (r: Real, user: string) => r.graph.listEvents(user).filter((e) => e['isOrganizer'] === true && e['type'] !== 'seriesMaster');
const attendeeEvents = (r: Real, user: string) => r.graph.listEvents(user).filter((e) => e['isOrganizer'] === false);
const occurrences = (r: Real, user: string) => r.graph.calendarView(user, new Date().toISOString(), `${day(60)}T00:00:00Z`).filter((e) => e['type'] === 'occurrence' || e['type'] === 'exception');
const seriesOf = (r: Real, user: string) => r.graph.listEvents(user).filter((e) => e['isOrganizer'] === true && e['type'] === 'seriesMaster');

/** B-A13: the iCalUIds of occurrences a test user or an LN edit changed; only these may have become exceptions. */
const touchedByUsers = new WeakMap<Real, Set<string>>();
const touch = (r: Real, iCalUId: unknown): void => {
  const set = touchedByUsers.get(r) ?? new Set<string>();
  if (typeof iCalUId === 'string' && iCalUId !== '') set.add(iCalUId);
  touchedByUsers.set(r, set);
};

const USER = fc.constantFrom(ADELE, MEGAN);
const TEXT = fc.constantFrom('Review', 'Planning', 'Ωmega', "Customer's visit");
type Fault = 'none' | 'graph-5xx' | 'graph-429' | 'graph-crash' | 'ln-crash' | 'twice' | 'state-loss';

let counter = 0;
const commands = [
  fc.record({ organizer: fc.constantFrom(EMPLOYEE[ADELE] ?? '', EMPLOYEE[MEGAN] ?? '', OUTSIDE), invite: fc.subarray(USERS), allDay: fc.boolean(), offset: fc.integer({ min: 1, max: 20 }), type: fc.constantFrom<'Appointment' | 'Call'>('Appointment', 'Call') })
    .map(({ organizer, invite, allDay, offset, type }) => command(`lnCreate(${organizer}, ${invite.join('+')}, ${allDay})`, (r) => {
      const key = `ACT${++counter}`;
      const attendees = invite.map((u) => EMPLOYEE[u] ?? '').filter((e) => e !== organizer).map((e) => ({ AttendeeType: 'Employee' as const, Employee: e }));
      r.ln.putActivity({
        Activity: key, Type: type, Subject: `LN ${key}`, Organizer: organizer, AllDay: allDay,
        StartDate: allDay ? `${day(offset)}T00:00:00Z` : slot(offset, 9), EndDate: allDay ? `${day(offset + 1)}T00:00:00Z` : slot(offset, 10),
        Attendees: [{ AttendeeType: 'Employee', Employee: organizer, Attendance: 'MeetingOrganizer' }, ...attendees],
      });
    })),
  fc.record({ i: fc.nat(), subject: TEXT, offset: fc.integer({ min: 1, max: 20 }), field: fc.constantFrom('subject', 'time', 'location', 'private') }).map(({ i, subject, offset, field }) => command(`lnEdit(${i}, ${field})`, (r) => {
    const key = pick(keys(r), i);
    if (!key) return;
    const current = r.ln.getActivity(key);
    touch(r, current?.ExternalReference); // an LN edit of an occurrence's activity is written to that occurrence
    if (field === 'subject') r.ln.updateActivity(key, { Subject: subject });
    if (field === 'location') r.ln.updateActivity(key, { Location: `Room ${offset}` });
    if (field === 'private') r.ln.updateActivity(key, { Sensitivity: current?.Sensitivity === 'Private' ? 'Normal' : 'Private' });
    if (field === 'time') r.ln.updateActivity(key, current?.AllDay ? { StartDate: `${day(offset)}T00:00:00Z`, EndDate: `${day(offset + 1)}T00:00:00Z` } : { StartDate: slot(offset, 13), EndDate: slot(offset, 14) });
  })),
  fc.record({ i: fc.nat(), what: fc.constantFrom('cancel', 'delete', 'toggle') }).map(({ i, what }) => command(`ln${what}(${i})`, (r) => {
    const key = pick(keys(r), i);
    if (!key) return;
    if (what === 'cancel') r.ln.updateActivity(key, { Status: 'Cancelled' });
    if (what === 'delete') r.ln.deleteActivity(key);
    if (what === 'toggle') r.ln.updateActivity(key, { Synchronize: !r.ln.getActivity(key)?.Synchronize });
  })),
  fc.record({ user: USER, invite: fc.boolean(), subject: TEXT, offset: fc.integer({ min: 1, max: 20 }), allDay: fc.boolean() }).map(({ user, invite, subject, offset, allDay }) => command(`exCreate(${user}, ${invite}, ${allDay})`, (r) => {
    const other = USERS.find((u) => u !== user) ?? MEGAN;
    r.graph.createEventAsUser(user, {
      subject, isAllDay: allDay,
      start: allDay ? { dateTime: `${day(offset)}T00:00:00`, timeZone: 'UTC' } : { dateTime: slot(offset, 15).slice(0, 19), timeZone: 'UTC' },
      end: allDay ? { dateTime: `${day(offset + 1)}T00:00:00`, timeZone: 'UTC' } : { dateTime: slot(offset, 16).slice(0, 19), timeZone: 'UTC' },
      attendees: invite ? [{ type: 'required', emailAddress: { address: other } }, { type: 'optional', emailAddress: { address: 'guest@customer.example' } }] : [],
    });
  })),
  fc.record({ user: USER, i: fc.nat(), subject: TEXT, field: fc.constantFrom('subject', 'location', 'private') }).map(({ user, i, subject, field }) => command(`exEdit(${user}, ${i}, ${field})`, (r) => {
    const ev = pick(organizerEvents(r, user), i);
    if (!ev) return;
    const patch = field === 'subject' ? { subject } : field === 'location' ? { location: { displayName: `Outlook ${subject}` } } : { sensitivity: ev['sensitivity'] === 'private' ? 'normal' : 'private' };
    r.graph.updateEventAsUser(user, String(ev['id']), patch);
  })),
  fc.record({ user: USER, i: fc.nat(), what: fc.constantFrom('delete', 'cancel') }).map(({ user, i, what }) => command(`ex${what}(${user}, ${i})`, (r) => {
    const ev = pick(what === 'cancel' ? organizerEvents(r, user).filter((e) => (e['attendees'] as unknown[]).length > 0) : r.graph.listEvents(user), i);
    if (!ev) return;
    if (what === 'cancel') r.graph.cancelEventAsUser(user, String(ev['id']));
    else r.graph.deleteEventAsUser(user, String(ev['id']));
  })),
  fc.record({ user: USER, i: fc.nat(), response: fc.constantFrom<'accept' | 'tentativelyAccept' | 'decline'>('accept', 'tentativelyAccept', 'decline') }).map(({ user, i, response }) => command(`exRespond(${user}, ${i}, ${response})`, (r) => {
    const ev = pick(attendeeEvents(r, user), i);
    if (ev) r.graph.respondAsUser(user, String(ev['id']), response);
  })),
  fc.record({ user: USER, invite: fc.boolean(), offset: fc.integer({ min: 1, max: 12 }), every: fc.integer({ min: 1, max: 4 }), zone: fc.constantFrom('UTC', 'Europe/Amsterdam') })
    .map(({ user, invite, offset, every, zone }) => command(`exCreateSeries(${user}, ${invite}, every ${every} days, ${zone})`, (r) => {
      const other = USERS.find((u) => u !== user) ?? MEGAN;
      r.graph.createEventAsUser(user, {
        subject: `Series ${++counter}`, start: { dateTime: `${day(offset)}T08:00:00`, timeZone: zone }, end: { dateTime: `${day(offset)}T08:45:00`, timeZone: zone },
        attendees: invite ? [{ type: 'required', emailAddress: { address: other } }] : [],
        recurrence: { pattern: { type: 'daily', interval: every }, range: { type: 'numbered', startDate: day(offset), numberOfOccurrences: 3, recurrenceTimeZone: zone } },
      });
    })),
  fc.record({ user: USER, i: fc.nat(), what: fc.constantFrom('edit', 'delete', 'decline', 'accept'), subject: TEXT }).map(({ user, i, what, subject }) => command(`exOccurrence(${user}, ${i}, ${what})`, (r) => {
    const mine = what === 'edit' ? occurrences(r, user).filter((o) => o['isOrganizer'] === true) : what === 'delete' ? occurrences(r, user) : occurrences(r, user).filter((o) => o['isOrganizer'] === false);
    const o = pick(mine, i);
    if (!o) return;
    const id = String(o['id']);
    if (what === 'edit') r.graph.updateEventAsUser(user, id, { subject: `${subject} (this one)` });
    if (what === 'delete') r.graph.deleteEventAsUser(user, id);
    if (what === 'decline' || what === 'accept') r.graph.respondAsUser(user, id, what);
    if (what === 'edit' || what === 'accept') touch(r, o['iCalUId']);
  })),
  fc.record({ user: USER, i: fc.nat(), what: fc.constantFrom('later', 'rename') }).map(({ user, i, what }) => command(`exSeries(${user}, ${i}, ${what})`, (r) => {
    const master = pick(seriesOf(r, user), i);
    if (!master) return;
    const time = (t: unknown): { dateTime: string; timeZone: string } => {
      const { dateTime } = t as { dateTime: string };
      return { dateTime: new Date(Date.parse(`${dateTime.slice(0, 19)}Z`) + 3_600_000).toISOString().slice(0, 19), timeZone: 'UTC' };
    };
    if (what === 'later') r.graph.updateEventAsUser(user, String(master['id']), { start: time(master['start']), end: time(master['end']) });
    else r.graph.updateEventAsUser(user, String(master['id']), { subject: `${String(master['subject'])} (renamed)` });
  })),
  fc.record({ user: USER, fault: fc.constantFrom<Fault>('none', 'none', 'graph-5xx', 'graph-429', 'graph-crash', 'ln-crash', 'twice', 'state-loss') }).map(({ user, fault }) => command(`sync(${user}, ${fault})`, (r) => syncWithFault(r, user, fault))),
];

async function syncWithFault(world: Real, user: string, fault: Fault): Promise<void> {
  if (fault === 'graph-5xx') world.graph.faults.failNext(7, 503, { retryAfterSeconds: 1 });
  if (fault === 'graph-429') world.graph.faults.failNext(3, 429, { retryAfterSeconds: 1 });
  if (fault === 'graph-crash') world.graph.faults.dropResponseAfterWrite(1);
  if (fault === 'ln-crash') world.ln.faults.dropResponseAfterWrite(1);
  if (fault === 'state-loss') {
    for (const u of USERS) {
      await world.services.links.clear(u, 'event');
      await world.services.cursors.remove(u, 'calendar');
    }
  }
  await calendarRun(world, user);
  if (fault === 'twice') await calendarRun(world, user);
}

async function calendarRun(world: Real, user: string): Promise<RunReport | undefined> {
  try {
    return await world.runCalendar(user);
  } catch (err) {
    if (err instanceof ExternalServiceError && err.transient) return undefined; // the queue retries the job later
    throw err;
  }
}

async function settle(world: Real): Promise<void> {
  for (let round = 0; round < 8; round++) {
    let quiet = true;
    for (const user of USERS) {
      const r = await calendarRun(world, user);
      if (!r || r.writes > 0 || r.errors.length > 0) quiet = false;
    }
    if (quiet) return;
  }
  throw new Error('calendar did not settle within 8 rounds');
}

const compared = (f: EventFields): Record<string, string> => ({ subject: f.subject, body: f.body, location: f.location, start: f.start, end: f.end, allDay: f.allDay, sensitivity: f.sensitivity });

async function checkInvariants(world: Real): Promise<void> {
  const activities = world.ln.listActivities();
  const refs = activities.map((a) => a.ExternalReference).filter((x) => x);
  assert.equal(new Set(refs).size, refs.length, `one LN activity per meeting: ${refs.join(', ')}`);
  const now = new Date().toISOString();
  const lnActive = (await world.services.lnActivities.listInScope(now)).filter((a) => a.status !== 'Cancelled');
  for (const user of USERS) {
    const events = (await world.services.exchangeEvents.delta(user, { start: now, end: `${day(60)}T00:00:00Z` }, undefined)).changed.filter((e) => !e.isCancelled);
    const uids = events.map((e) => e.iCalUId);
    assert.equal(new Set(uids).size, uids.length, `${user}: no duplicate events`);
    for (const ev of events.filter((e) => e.isOrganizer)) {
      const activity = lnActive.find((a) => a.key === ev.lnKey || (a.externalReference !== '' && a.externalReference === ev.iCalUId));
      assert.ok(activity, `${user}: every own event has its active LN activity (${ev.fields.subject}, ${ev.lnKey ?? ev.iCalUId})`);
      assert.deepEqual(compared(ev.fields), compared(activity.fields), `${user}: ${activity.key} agrees on both sides`);
    }
    for (const activity of lnActive) {
      const organizer = world.ln.getActivity(activity.key)?.Organizer;
      const mine = organizer === EMPLOYEE[user];
      const line = activity.attendees.find((l) => l.employee === EMPLOYEE[user]);
      const declined = line?.status === 'Declined' && !line.synchronized; // B-A9: the attendee deleted their copy
      const directCopy = organizer === OUTSIDE && line?.invite === true && activity.createdByLn && !declined;
      if (mine || directCopy) {
        const copies = events.filter((e) => e.isOrganizer && (e.lnKey === activity.key || e.iCalUId === activity.externalReference));
        assert.equal(copies.length, 1, `${user}: ${activity.key} is in the calendar exactly once`);
      }
    }
  }
  const touched = touchedByUsers.get(world) ?? new Set<string>();
  for (const user of USERS) {
    const made = world.graph.listEvents(user).filter((e) => e['type'] === 'exception' && !touched.has(String(e['iCalUId'])));
    assert.deepEqual(made.map((e) => e['subject']), [], `${user}: B-A13 no occurrence became an exception unless a user or LN changed it`);
  }
  for (const user of USERS) assert.equal((await world.runCalendar(user)).writes, 0, `${user}: a further run writes nothing`);
}

let azurite: EmbeddedAzurite;
before(async () => { azurite = await startEmbeddedAzurite(); });
after(async () => { await azurite.stop(); });

it('B-A6/B-A7/B-A9/B-A10/B-A13/B-I1/B-I4/B-I8: random calendar operations and faults on both sides converge without duplicates (200 sequences, Exchange throttling on)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
      const world = await startContactWorld({ users: USERS, azurite, graphLatencyMs: 1, env: { MASS_DELETE_MIN_COUNT: '100000' } });
      world.graph.faults.throttleRandomly(0.1); // Exchange throttling on: 4 per mailbox, parts counted, and 10 % random 429s
      try {
        world.ln.putEmployee({ Employee: OUTSIDE, Name: 'Outside Organizer', User: 'outside', Email: 'outside@contoso.example' });
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
        world.graph.faults.clear(); // converge without new faults (the per-mailbox limits stay on)
        world.ln.faults.clear();
        await settle(world);
        await checkInvariants(world);
        for (const user of USERS) assert.ok(world.graph.peakConcurrency(user) <= 4, `B-I4: ${world.graph.peakConcurrency(user)} requests at once in ${user}'s mailbox`);
      } finally {
        await world.close();
      }
    }),
    { numRuns: 200, endOnFailure: true, includeErrorInReport: true },
  );
});
