// The LN simulator's field lengths over HTTP: `$metadata` per service as CSDL XML with MaxLength facets, and writes
// of over-long strings refused with 400 naming the property (ln-api.md "Field lengths"), facets changeable per instance.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLnSimulator, type LnSimulator } from './ln-simulator';

describe('LN simulator field lengths', () => {
  let sim: LnSimulator;
  let token: string;
  before(async () => {
    sim = await startLnSimulator({ fieldLengths: { 'tcapi.comContact/Contacts': { Title: 4 } } });
    const form = new URLSearchParams({ grant_type: 'password', username: sim.ionapi.saak, password: sim.ionapi.sask, client_id: sim.ionapi.ci, client_secret: sim.ionapi.cs });
    const res = await fetch(`${sim.ionapi.pu}${sim.ionapi.ot}`, { method: 'POST', body: form });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => sim.close());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.odataBaseUrl}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'X-Infor-LnCompany': sim.company, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const error = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('serves each service\'s $metadata as CSDL XML with MaxLength on string properties', async () => {
    const res = await call('GET', 'tcapi.comContact/$metadata');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
    const xml = await res.text();
    assert.match(xml, /<edmx:Edmx Version="4\.0" xmlns:edmx="http:\/\/docs\.oasis-open\.org\/odata\/ns\/edmx">/);
    assert.match(xml, /<Property Name="JobTitle" Type="Edm.String" MaxLength="30"\/>/);
    assert.match(xml, /<Property Name="Title" Type="Edm.String" MaxLength="4"\/>/, 'the instance\'s own facet');
    assert.match(xml, /<ComplexType Name="WorkAddress">.*<Property Name="Country" Type="Edm.String" MaxLength="3"\/>/);
    assert.match(xml, /<EntitySet Name="Contacts" EntityType="tcapi.comContact.Contact">/);
    const bp = await (await call('GET', 'tcapi.comBusinessPartner/$metadata')).text();
    assert.match(bp, /<Property Name="Name" Type="Edm.String" MaxLength="35"\/>/);
    const activity = await (await call('GET', 'tcapi.comActivity/$metadata')).text();
    assert.match(activity, /<Property Name="Text" Type="Edm.String"\/>/, 'Text has no facet');
    assert.match(activity, /<Property Name="Subject" Type="Edm.String" MaxLength="60"\/>/);
    assert.equal((await call('GET', 'tcapi.nothing/$metadata')).status, 404);
    assert.equal((await call('GET', 'tcapi.comContact/$metadata', undefined, { Authorization: 'Bearer nope' })).status, 401);
  });

  it('refuses a POST or PATCH with a string longer than its facet with 400 naming the property', async () => {
    const tooLong = await call('POST', 'tcapi.comContact/Contacts', { FirstName: 'A', JobTitle: 'x'.repeat(31) });
    assert.equal(tooLong.status, 400);
    assert.match((await error(tooLong)).message, /JobTitle is longer than its 30 characters/);
    const nested = await call('POST', 'tcapi.comContact/Contacts', { FirstName: 'A', WorkAddress: { Country: 'NLDX' } });
    assert.match((await error(nested)).message, /WorkAddress\/Country is longer than its 3 characters/);
    const fits = await call('POST', 'tcapi.comContact/Contacts', { FirstName: 'A', JobTitle: '€'.repeat(30) });
    assert.equal(fits.status, 201, 'lengths count characters, not bytes');
    const created = (await fits.json()) as { Contact: string; '@odata.etag': string };
    const patch = await call('PATCH', `tcapi.comContact/Contacts('${created.Contact}')`, { Title: 'Prof.' }, { 'If-Match': created['@odata.etag'] });
    assert.equal(patch.status, 400);
    assert.match((await error(patch)).message, /Title is longer than its 4 characters/);
    const attendee = await call('POST', 'tcapi.comActivity/Activities', {
      Subject: 'S', StartDate: '2030-01-01T09:00:00Z', EndDate: '2030-01-01T10:00:00Z', Attendees: [{ AttendeeType: 'Other', FullName: 'n'.repeat(101), Email: 'a@b.c' }],
    });
    assert.match((await error(attendee)).message, /Attendees: FullName is longer than its 100 characters/);
  });

  it('follows a facet changed at run time, in $metadata and in what it accepts', async () => {
    sim.fieldLengths.set('tcapi.comBusinessPartner', 'BusinessPartners', 'Name', 10);
    assert.match(await (await call('GET', 'tcapi.comBusinessPartner/$metadata')).text(), /<Property Name="Name" Type="Edm.String" MaxLength="10"\/>/);
    assert.equal((await call('POST', 'tcapi.comBusinessPartner/BusinessPartners', { Name: 'Eleven char' })).status, 400);
    sim.fieldLengths.set('tcapi.comBusinessPartner', 'BusinessPartners', 'Name', undefined);
    assert.doesNotMatch(await (await call('GET', 'tcapi.comBusinessPartner/$metadata')).text(), /Name="Name" Type="Edm.String" MaxLength/);
    assert.equal((await call('POST', 'tcapi.comBusinessPartner/BusinessPartners', { Name: 'n'.repeat(60) })).status, 201);
  });

  it('serves a replaced $metadata as it is, or 404 for none', async () => {
    sim.setMetadataDocument('tcapi.comActivity', '<not-csdl/>');
    assert.equal(await (await call('GET', 'tcapi.comActivity/$metadata')).text(), '<not-csdl/>');
    sim.setMetadataDocument('tcapi.comActivity', null);
    assert.equal((await call('GET', 'tcapi.comActivity/$metadata')).status, 404);
    sim.setMetadataDocument('tcapi.comActivity', undefined);
    assert.equal((await call('GET', 'tcapi.comActivity/$metadata')).status, 200);
  });
});
