// Tests of the LN contact store (LnContactPort) against the LN simulator over HTTP.
// Business-partner choice on create (B-C3), watermark reads (B-C1), tombstones, updates and ETags.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { normalizeContact } from '../../shared/domain/contact';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { LnContactStore } from '../../shared/ln/ln-contact-store';
import { startLnHarness, type LnHarness } from './ln-test-harness';

describe('LnContactStore', () => {
  let h: LnHarness;
  let store: LnContactStore;
  beforeEach(async () => {
    h = await startLnHarness({ pageSize: 2 });
    store = new LnContactStore({ client: h.client });
  });
  afterEach(() => h.close());

  const anna = normalizeContact({ givenName: 'Anna', surname: 'Vries', email: 'anna@x.example', companyName: 'Contoso Ltd', country: 'NL', language: 'nl' });

  it('B-C3: links an existing business partner whose Name equals the company exactly', async () => {
    const snap = await store.create(anna, 'ext-1');
    const lnContact = h.sim.getContact(snap.key);
    assert.equal(lnContact?.BusinessPartner, 'BP0000001');
    assert.equal(lnContact?.Synchronize, true);
    assert.equal(lnContact?.ExternalReference, 'ext-1');
    assert.equal(lnContact?.Language, 'NLD');
    assert.equal(lnContact?.WorkAddress.Country, 'NLD');
    assert.equal(h.sim.listBusinessPartners().length, 2, 'no business partner created');
    assert.equal(snap.fields.companyName, 'Contoso Ltd');
    assert.equal(snap.synchronize, true);
    assert.deepEqual(snap.fields, anna);
  });

  it('B-C3: a company that only matches in letter case gets a new business partner named after it', async () => {
    const snap = await store.create({ ...anna, companyName: 'contoso ltd' }, 'ext-2');
    const bp = h.sim.listBusinessPartners().find((b) => b.BusinessPartner === h.sim.getContact(snap.key)?.BusinessPartner);
    assert.equal(bp?.Name, 'contoso ltd');
    assert.equal(h.sim.listBusinessPartners().length, 3);
    assert.equal(snap.fields.companyName, 'contoso ltd');
  });

  it('B-C3: an empty company creates a business partner named "First Last"', async () => {
    const snap = await store.create({ ...anna, companyName: '' }, 'ext-3');
    const bpKey = h.sim.getContact(snap.key)?.BusinessPartner;
    const bp = h.sim.listBusinessPartners().find((b) => b.BusinessPartner === bpKey);
    assert.equal(bp?.Name, 'Anna Vries');
    assert.equal(snap.fields.companyName, 'Anna Vries');
  });

  it('create is idempotent on the external reference', async () => {
    const first = await store.create(anna, 'ext-4');
    const second = await store.create(anna, 'ext-4');
    assert.equal(second.key, first.key);
    assert.equal(h.sim.listContacts().length, 1);
  });

  it('a create whose answer was lost is found again by external reference, not duplicated', async () => {
    h.sim.faults.dropResponseAfterWrite(1);
    // The first write of create is the contact POST (the business partner exists), so that answer is lost.
    await assert.rejects(store.create(anna, 'ext-5'), (err: unknown) => err instanceof ExternalServiceError && err.status === 0);
    assert.equal(h.sim.listContacts().length, 1, 'the write was applied');
    const retry = await store.create(anna, 'ext-5');
    assert.equal(h.sim.listContacts().length, 1);
    assert.equal(retry.externalReference, 'ext-5');
  });

  it('B-C1: listChanged(undefined) is the sync group; listChanged(t) is everything modified after t', async () => {
    const a = h.sim.putContact({ FirstName: 'A', Synchronize: true, BusinessPartner: 'BP0000002' });
    const b = h.sim.putContact({ FirstName: 'B', Synchronize: false });
    const c = h.sim.putContact({ FirstName: 'C', Synchronize: true });
    const initial = await store.listChanged(undefined);
    assert.deepEqual(
      initial.map((s) => s.key),
      [a.Contact, c.Contact],
    );
    assert.equal(initial[0]?.fields.companyName, 'Fabrikam BV');
    const watermark = c.LastModificationDate;
    assert.deepEqual(await store.listChanged(watermark), [], 'gt: the watermark item itself is not returned');
    h.sim.updateContact(b.Contact, { Synchronize: true });
    h.sim.updateContact(a.Contact, { Synchronize: false });
    const changed = await store.listChanged(watermark);
    assert.deepEqual(changed.map((s) => [s.key, s.synchronize]).sort(), [
      [a.Contact, false],
      [b.Contact, true],
    ]);
    assert.ok(changed.every((s) => s.modifiedAt > watermark));
  });

  it('listSyncGroupKeys uses $select and returns keys with modification dates', async () => {
    const a = h.sim.putContact({ FirstName: 'A', Synchronize: true });
    h.sim.putContact({ FirstName: 'B' });
    const keys = await store.listSyncGroupKeys();
    assert.deepEqual(keys, [{ key: a.Contact, modifiedAt: a.LastModificationDate }]);
    const req = h.sim.requests.find((r) => r.path.endsWith('/Contacts'));
    assert.equal(req?.query.$select, 'Contact,LastModificationDate');
    assert.equal(req?.query.$filter, 'Synchronize eq true');
  });

  it('listDeleted returns tombstones after the watermark', async () => {
    const a = h.sim.putContact({ FirstName: 'A' });
    const b = h.sim.putContact({ FirstName: 'B' });
    h.sim.deleteContact(a.Contact);
    const mark = h.sim.listDeletedContacts()[0]?.DeletionDate;
    assert.ok(mark);
    h.sim.deleteContact(b.Contact);
    assert.deepEqual(
      (await store.listDeleted('2000-01-01T00:00:00Z')).map((t) => t.key),
      [a.Contact, b.Contact],
    );
    assert.deepEqual(
      (await store.listDeleted(mark)).map((t) => t.key),
      [b.Contact],
    );
  });

  it('get, findByExternalReference, findByEmail; snapshots carry mapping warnings', async () => {
    const c = h.sim.putContact({ FirstName: 'K', Email: "o'hara@x.example", Language: 'TLH', ExternalReference: 'ref-9', Synchronize: true });
    const got = await store.get(c.Contact);
    assert.equal(got?.etag, c['@odata.etag']);
    assert.deepEqual(got?.warnings, ["language 'TLH' has no ISO code"]);
    assert.equal((await store.findByExternalReference('ref-9'))?.key, c.Contact);
    assert.equal(await store.findByExternalReference('ref-none'), undefined);
    assert.deepEqual(
      (await store.findByEmail("o'hara@x.example")).map((s) => s.key),
      [c.Contact],
    );
    assert.equal(await store.get('NOPE'), undefined);
  });

  it('update patches fields with If-Match, can clear Synchronize, never changes the business partner', async () => {
    const created = await store.create(anna, 'ext-6');
    const updated = await store.update(created.key, created.etag, { jobTitle: 'CFO', companyName: 'Other Co', city: 'Utrecht' }, false);
    assert.equal(updated.fields.jobTitle, 'CFO');
    assert.equal(updated.fields.city, 'Utrecht');
    assert.equal(updated.fields.country, 'NL', 'other address parts kept');
    assert.equal(updated.fields.companyName, 'Contoso Ltd');
    assert.equal(updated.synchronize, false);
    assert.equal(h.sim.getContact(created.key)?.BusinessPartner, 'BP0000001');
    await assert.rejects(store.update(created.key, created.etag, { jobTitle: 'stale' }), (err: unknown) => err instanceof ExternalServiceError && err.status === 412);
  });

  it('languages and countries are read once per store instance', async () => {
    h.sim.putContact({ FirstName: 'A', Synchronize: true });
    await store.listChanged(undefined);
    await store.listChanged(undefined);
    assert.equal(h.sim.requests.filter((r) => r.path.endsWith('/Languages') && !r.query.$skiptoken).length, 1);
    assert.equal(h.sim.requests.filter((r) => r.path.endsWith('/Countries') && !r.query.$skiptoken).length, 1);
  });
});
