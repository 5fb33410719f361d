// Tests of the LN simulator's HTTP contract (ln-api.md) with raw fetch calls.
// Auth and company checks, paging with $top, ETag rules, POST validation and keys, faults, direct data access.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startLnSimulator, type LnSimulator } from './ln-simulator';

/** Loose view of simulator answers, enough for these assertions. */
interface SimJson {
  [key: string]: unknown;
  value: Array<Record<string, unknown>>;
  error: { code: string; message: string };
  Contact: string;
  Name: string;
  FullName: string;
  Synchronize: boolean;
  LastModificationDate: string;
  '@odata.etag': string;
  '@odata.nextLink'?: string;
  ContactPullInterval: { Unit: string };
}

describe('LN simulator', () => {
  let sim: LnSimulator;
  let token: string;
  before(async () => {
    sim = await startLnSimulator({ pageSize: 2, company: '200' });
    const form = new URLSearchParams({
      grant_type: 'password',
      username: sim.ionapi.saak,
      password: sim.ionapi.sask,
      client_id: sim.ionapi.ci,
      client_secret: sim.ionapi.cs,
    });
    const res = await fetch(`${sim.ionapi.pu}${sim.ionapi.ot}`, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.requests.length = 0;
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sim.odataBaseUrl}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'X-Infor-LnCompany': '200', Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as SimJson };
  };

  it('the base URL follows {iu}/{ti}/LN/lnapi/odata', () => {
    assert.equal(sim.odataBaseUrl, `${sim.ionapi.iu}/${sim.ionapi.ti}/LN/lnapi/odata`);
    assert.equal(sim.company, '200');
  });

  it('requires a valid bearer token and the company header', async () => {
    assert.equal((await call('GET', 'tcapi.comContact/Languages', undefined, { Authorization: 'Bearer nope' })).status, 401);
    const wrong = await call('GET', 'tcapi.comContact/Languages', undefined, { 'X-Infor-LnCompany': '100' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.code, 'InvalidCompany');
  });

  it('pages every collection with an absolute nextLink and honours $top across pages', async () => {
    const first = await call('GET', 'tcapi.comContact/Languages?$top=3');
    assert.equal(first.json.value.length, 2);
    const next = first.json['@odata.nextLink'] ?? '';
    assert.ok(next.startsWith(sim.odataBaseUrl));
    const res = await fetch(next, { headers: { Authorization: `Bearer ${token}`, 'X-Infor-LnCompany': '200' } });
    const second = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    assert.equal(second.value.length, 1);
    assert.equal(second['@odata.nextLink'], undefined);
  });

  it('serves entities with @odata.etag and 404 for unknown keys or sets', async () => {
    const bp = await call('GET', "tcapi.comBusinessPartner/BusinessPartners('BP0000001')");
    assert.equal(bp.json.Name, 'Contoso Ltd');
    assert.match(bp.json['@odata.etag'], /^W\/"\d+"$/);
    assert.equal((await call('GET', "tcapi.comBusinessPartner/BusinessPartners('NOPE')")).status, 404);
    assert.equal((await call('GET', 'tcapi.comContact/Nothing')).status, 404);
    const settings = await call('GET', "ttapi.aadExchangeSync/Settings('default')");
    assert.equal(settings.json.ContactPullInterval.Unit, 'Minutes');
  });

  it('POST Contacts assigns a key and validates the body', async () => {
    const created = await call('POST', 'tcapi.comContact/Contacts', { FirstName: 'Ann', LastName: 'Lee', BusinessPartner: 'BP0000002' });
    assert.equal(created.status, 201);
    assert.match(created.json.Contact, /^CON\d{6}$/);
    assert.equal(created.json.FullName, 'Ann Lee');
    assert.equal(created.json.Synchronize, false);
    assert.ok(created.json.LastModificationDate);
    const unknownProp = await call('POST', 'tcapi.comContact/Contacts', { Nickname: 'x' });
    assert.equal(unknownProp.status, 400);
    assert.match(unknownProp.json.error.message, /Nickname/);
    const badType = await call('POST', 'tcapi.comContact/Contacts', { Synchronize: 'yes' });
    assert.equal(badType.status, 400);
    assert.match(badType.json.error.message, /Synchronize/);
    const badLanguage = await call('POST', 'tcapi.comContact/Contacts', { Language: 'ZZZ' });
    assert.match(badLanguage.json.error.message, /Language 'ZZZ' does not exist/);
    const duplicate = await call('POST', 'tcapi.comContact/Contacts', { Contact: created.json.Contact });
    assert.equal(duplicate.status, 409);
    assert.equal((await call('POST', 'tcapi.comContact/Languages', { Language: 'X' })).status, 405);
  });

  it('PATCH and DELETE require If-Match (428), a matching ETag (412), and bump date and ETag', async () => {
    const c = sim.putContact({ FirstName: 'Etag', WorkAddress: { City: 'Delft', Country: 'NLD' } });
    const path = `tcapi.comContact/Contacts('${c.Contact}')`;
    assert.equal((await call('PATCH', path, { FirstName: 'X' })).status, 428);
    assert.equal((await call('PATCH', path, { FirstName: 'X' }, { 'If-Match': 'W/"0"' })).status, 412);
    const ok = await call('PATCH', path, { WorkAddress: { City: 'Leiden' } }, { 'If-Match': c['@odata.etag'] });
    assert.equal(ok.status, 204);
    const after = sim.getContact(c.Contact);
    assert.equal(after?.WorkAddress.City, 'Leiden');
    assert.equal(after?.WorkAddress.Country, 'NLD', 'complex values merge');
    assert.notEqual(after?.['@odata.etag'], c['@odata.etag']);
    assert.ok((after?.LastModificationDate ?? '') > c.LastModificationDate);
    assert.equal(ok.headers.get('etag'), after?.['@odata.etag']);
    assert.equal((await call('PATCH', path, { Contact: 'OTHER' }, { 'If-Match': '*' })).status, 400);
    assert.equal((await call('DELETE', path)).status, 428);
    assert.equal((await call('DELETE', path, undefined, { 'If-Match': after?.['@odata.etag'] ?? '' })).status, 204);
    const tombs = await call('GET', `tcapi.comContact/DeletedContacts?$filter=Contact eq '${c.Contact}'`);
    assert.equal(tombs.json.value.length, 1);
  });

  it('every write gets a strictly increasing LastModificationDate', () => {
    const dates = Array.from({ length: 20 }, (_, i) => sim.putContact({ FirstName: `Fast${i}` }).LastModificationDate);
    for (let i = 1; i < dates.length; i++) assert.ok((dates[i] ?? '') > (dates[i - 1] ?? ''), `${dates[i]} > ${dates[i - 1]}`);
  });

  it('rejects an unknown BusinessPartner in direct writes too', () => {
    assert.throws(() => sim.putContact({ BusinessPartner: 'GHOST' }), /BusinessPartner 'GHOST' does not exist/);
  });

  it('failNext matches method and path, sends Retry-After, and is consumed', async () => {
    sim.faults.failNext(1, 503, { retryAfterSeconds: 9, method: 'GET', pathIncludes: '/Countries' });
    assert.equal((await call('GET', 'tcapi.comContact/Languages')).status, 200);
    const failed = await call('GET', 'tcapi.comContact/Countries');
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '9');
    assert.equal(failed.json.error.code, 'SimulatedFault');
    assert.equal((await call('GET', 'tcapi.comContact/Countries')).status, 200);
  });

  it('delayNext holds the answer back', async () => {
    sim.faults.delayNext(80);
    const start = Date.now();
    await call('GET', 'tcapi.comContact/Languages');
    assert.ok(Date.now() - start >= 70);
  });

  it('expireTokens makes the next call 401', async () => {
    sim.expireTokens();
    assert.equal((await call('GET', 'tcapi.comContact/Languages')).status, 401);
  });
});
