// Tests of LN field lengths read from `$metadata` against the LN simulator over HTTP: read lazily, only before a
// write, once per service and process; known limits without `$metadata`; failures not kept; forgotten after a 400.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { normalizeContact } from '../../shared/domain/contact';
import { LnActivityStore } from '../../shared/ln/ln-activity-store';
import { LnContactStore } from '../../shared/ln/ln-contact-store';
import { LnFieldLengths } from '../../shared/ln/ln-field-lengths';
import { startLnHarness, type LnHarness } from './ln-test-harness';

describe('LnFieldLengths', () => {
  let h: LnHarness;
  let lengths: LnFieldLengths;
  let contacts: LnContactStore;
  beforeEach(async () => {
    h = await startLnHarness({}, 0);
    lengths = new LnFieldLengths(h.client);
    contacts = new LnContactStore({ client: h.client, fieldLengths: lengths });
  });
  afterEach(() => h.close());

  const metadataReads = (service?: string) => h.sim.requests.filter((r) => r.path.endsWith('/$metadata') && (service === undefined || r.path.includes(`/${service}/`)));
  const person = (n: number) => normalizeContact({ givenName: `Person${n}`, surname: 'Test', email: `p${n}@x.example`, jobTitle: 'Chief Executive Officer of Everything', companyName: 'Contoso Ltd' });

  it('B-C12: reads never ask for $metadata; the first write asks once per service, later writes use what was read', async () => {
    await contacts.listChanged(undefined);
    await contacts.findByEmail('p1@x.example');
    assert.equal(metadataReads().length, 0, 'reads cost no metadata request');
    const first = await contacts.create(person(1), 'EX-1');
    await contacts.create(person(2), 'EX-2');
    await contacts.update(first.key, first.etag, { jobTitle: 'Director of Global Procurement Operations' });
    assert.deepEqual(metadataReads().map((r) => r.path.split('/').at(-2)), ['tcapi.comBusinessPartner', 'tcapi.comContact']);
    assert.equal(h.sim.getContact(first.key)?.JobTitle, 'Director of Global Procurement');
  });

  it('B-C12: an update that writes nothing asks for no metadata', async () => {
    const key = h.sim.putContact({ Contact: 'K1', FirstName: 'A', Synchronize: true }).Contact;
    const current = await contacts.get(key);
    await contacts.update(key, current?.etag ?? '', {});
    assert.equal(metadataReads().length, 0);
  });

  it('B-C12: the contact and activity stores of one process share one read per service', async () => {
    const activities = new LnActivityStore({ client: h.client, fieldLengths: lengths });
    await contacts.create(person(3), 'EX-3');
    const fields = { subject: 's'.repeat(70), body: '', location: '', start: '2030-01-01T09:00:00Z', end: '2030-01-01T10:00:00Z', allDay: 'false', sensitivity: 'normal', showAs: 'busy' };
    await activities.create({ fields, organizer: '', externalReference: 'UID-1', attendees: [] });
    await activities.create({ fields, organizer: '', externalReference: 'UID-2', attendees: [] });
    assert.equal(metadataReads('tcapi.comActivity').length, 1);
    assert.equal(metadataReads('tcapi.comContact').length, 1);
  });

  it('B-C12: without $metadata (404) the known limits apply: keys 9, BusinessPartners.Name 35, WorkAddress/Country 3; other fields none', async () => {
    h.sim.setMetadataDocument('tcapi.comContact', null);
    h.sim.setMetadataDocument('tcapi.comBusinessPartner', null);
    const contact = await lengths.of('tcapi.comContact', 'Contacts');
    assert.deepEqual(['WorkAddress/Country', 'BusinessPartner', 'Contact', 'JobTitle'].map(contact), [3, 9, 9, undefined]);
    assert.equal((await lengths.of('tcapi.comBusinessPartner', 'BusinessPartners'))('Name'), 35);
    await lengths.of('tcapi.comContact', 'Contacts');
    assert.equal(metadataReads('tcapi.comContact').length, 1, 'a 404 is kept: LN is not asked again');
  });

  it('B-C12: a facet in $metadata wins over the known limit', async () => {
    h.sim.fieldLengths.set('tcapi.comBusinessPartner', 'BusinessPartners', 'Name', 50);
    assert.equal((await lengths.of('tcapi.comBusinessPartner', 'BusinessPartners'))('Name'), 50);
  });

  it('B-C12: a failed read is not kept, and forget() makes the next write read again', async () => {
    h.sim.faults.failNext(1, 500, { pathIncludes: '$metadata' });
    await assert.rejects(lengths.of('tcapi.comContact', 'Contacts'), /500/);
    assert.equal((await lengths.of('tcapi.comContact', 'Contacts'))('JobTitle'), 30, 'read again after the failure');
    h.sim.fieldLengths.set('tcapi.comContact', 'Contacts', 'JobTitle', 8);
    assert.equal((await lengths.of('tcapi.comContact', 'Contacts'))('JobTitle'), 30, 'kept for the process');
    lengths.forget('tcapi.comContact');
    assert.equal((await lengths.of('tcapi.comContact', 'Contacts'))('JobTitle'), 8);
  });

  it('B-C12: a reference longer than its field is not cut (it would not find its item again): the write is refused in plain words', async () => {
    h.sim.fieldLengths.set('tcapi.comActivity', 'Activities', 'ExternalReference', 20);
    const activities = new LnActivityStore({ client: h.client, fieldLengths: lengths });
    const fields = { subject: 'S', body: '', location: '', start: '2030-01-01T09:00:00Z', end: '2030-01-01T10:00:00Z', allDay: 'false', sensitivity: 'normal', showAs: 'busy' };
    const uid = '040000008200E00074C5B7101A82E008000000001';
    await assert.rejects(activities.create({ fields, organizer: '', externalReference: uid, attendees: [] }), (err: Error) => {
      assert.match(err.message, /FieldTooLong: activity for event 0400.* cannot be written: ExternalReference holds 20 characters in LN/);
      return true;
    });
    assert.equal(h.sim.listActivities().length, 0);
  });
});
