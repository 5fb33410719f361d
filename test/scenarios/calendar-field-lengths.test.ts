// B-C12 for the calendar, end to end: an Outlook meeting whose subject, location or attendee name is longer than
// its LN field (the facets of tcapi.comActivity/$metadata) lands in LN shortened, with one warning per activity.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld as world } from './sync-world';

const day = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const at = (days: number, hour: number) => ({ dateTime: `${day(days)}T${String(hour).padStart(2, '0')}:00:00`, timeZone: 'UTC' });
const c12 = (warnings: readonly string[]): string[] => warnings.filter((w) => w.startsWith('B-C12'));

const SUBJECT = 'Quarterly business review with the regional procurement board and the finance team';
const LOCATION = 'Building 42, Conference Centre North Wing, Room 4.17 (ask at the reception desk for the visitor badge and parking)';
const GUEST = `${'Dr. Bartholomew Fitzgerald-Montgomery '.repeat(3)}III`;

it('B-C12: an Outlook meeting with an over-long subject, location and attendee name becomes an LN activity cut to the facets, with one warning; later runs are quiet', async () => {
  const w = await world({ users: [ADELE] });
  w.graph.createEventAsUser(ADELE, {
    subject: SUBJECT, body: { contentType: 'text', content: 'Agenda follows' }, location: { displayName: LOCATION }, start: at(3, 14), end: at(3, 15),
    attendees: [{ type: 'required', emailAddress: { address: 'guest@fabrikam.example', name: GUEST } }],
  });
  const first = await w.runCalendar(ADELE);
  assert.deepEqual(first.errors, [], 'the run does not fail');
  assert.equal(first.toLn.created, 1);
  const [activity] = w.ln.listActivities();
  assert.equal(activity?.Subject, SUBJECT.slice(0, 60).trimEnd(), 'Subject cut to its 60-character facet');
  assert.equal(activity?.Location, LOCATION.slice(0, 100).trimEnd(), 'Location cut to its 100-character facet');
  assert.equal(activity?.Attendees?.find((l) => l.Email === 'guest@fabrikam.example')?.FullName, GUEST.slice(0, 100).trimEnd(), 'attendee FullName cut to 100');
  assert.deepEqual(c12(first.warnings), [
    `B-C12: activity ${activity?.Activity} had values longer than LN's fields, shortened to fit: Subject (60 characters), Location (100 characters), Attendees/FullName (100 characters)`,
  ]);
  const later = await w.settleCalendar();
  assert.equal(later.at(-1)?.writes, 0, 'the shortened values are not rewritten');
  assert.deepEqual(later.flatMap((r) => c12(r.warnings)), [], 'nothing new is warned');
  assert.equal(w.graph.listEvents(ADELE)[0]?.['subject'], SUBJECT, 'Outlook keeps the full subject');
});

it('B-C12: an over-long subject edited on the organizer\'s Outlook copy is cut on the LN update with one warning (two-way), then runs are quiet', async () => {
  const w = await world({ users: [ADELE] });
  const event = w.graph.createEventAsUser(ADELE, { subject: 'Short', location: { displayName: 'Teams' }, start: at(4, 9), end: at(4, 10) });
  await w.settleCalendar();
  w.graph.updateEventAsUser(ADELE, String(event['id']), { subject: SUBJECT });
  const report = await w.runCalendar(ADELE);
  assert.deepEqual(report.errors, []);
  const [activity] = w.ln.listActivities();
  assert.equal(activity?.Subject, SUBJECT.slice(0, 60).trimEnd());
  assert.deepEqual(c12(report.warnings), [`B-C12: activity ${activity?.Activity} had values longer than LN's fields, shortened to fit: Subject (60 characters)`]);
  const later = await w.settleCalendar();
  assert.equal(later.at(-1)?.writes, 0);
  assert.deepEqual(later.flatMap((r) => c12(r.warnings)), []);
});

it('B-C12: the activity facets come from $metadata: Location shrunk to 20 in LN is cut to 20', async () => {
  const w = await world({ users: [ADELE] });
  w.ln.fieldLengths.set('tcapi.comActivity', 'Activities', 'Location', 20);
  w.graph.createEventAsUser(ADELE, { subject: 'Site visit', location: { displayName: 'Warehouse 7, Harbour Road' }, start: at(5, 9), end: at(5, 10) });
  const report = await w.runCalendar(ADELE);
  assert.deepEqual(report.errors, []);
  assert.equal(w.ln.listActivities()[0]?.Location, 'Warehouse 7, Harbour');
});
