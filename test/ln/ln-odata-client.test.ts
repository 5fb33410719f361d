// Tests of the LN OData client against the LN simulator over HTTP.
// Paging, token refresh on 401, Retry-After, ETag conflicts, OData error mapping, schema rejects, literal encoding.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { lnBusinessPartnerSchema, lnContactSchema, lnLanguageSchema } from '../../shared/ln/ln-entities';
import { LnInvalidResponseError } from '../../shared/ln/ln-invalid-response-error';
import { LnODataClient, odataKeyPath, odataString } from '../../shared/ln/ln-odata-client';
import { defaultLnServiceNames as n } from '../../shared/ln/ln-service-names';
import { staticTokenProvider } from '../../shared/ln/ln-token-provider';
import { startLnHarness, type LnHarness } from './ln-test-harness';

describe('LnODataClient', () => {
  let h: LnHarness;
  before(async () => {
    h = await startLnHarness({ pageSize: 3 });
    for (let i = 1; i <= 8; i++) h.sim.putContact({ Contact: `C${i}`, FirstName: `First${i}`, LastName: 'Doe', Synchronize: i % 2 === 0 });
  });
  after(() => h.close());
  beforeEach(() => {
    h.sim.requests.length = 0;
    h.sleeps.length = 0;
  });

  it('follows @odata.nextLink across pages until absent', async () => {
    const all = await h.client.list(n.contact, n.contacts, {}, lnContactSchema);
    assert.deepEqual(
      all.map((c) => c.Contact),
      ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8'],
    );
    const gets = h.sim.requests.filter((r) => r.path.endsWith('/Contacts'));
    assert.equal(gets.length, 3, 'three pages of at most 3');
    assert.equal(gets[1]?.query.$skiptoken, 'C3');
  });

  it('keeps $filter and $select on every page', async () => {
    const rows = await h.client.list(
      n.contact,
      n.contacts,
      { $filter: 'Synchronize eq true', $select: 'Contact,LastModificationDate' },
      z.object({ Contact: z.string(), LastModificationDate: z.string() }).strict().extend({ '@odata.etag': z.string() }),
    );
    assert.deepEqual(
      rows.map((r) => r.Contact),
      ['C2', 'C4', 'C6', 'C8'],
    );
    const pages = h.sim.requests.filter((r) => r.path.endsWith('/Contacts'));
    assert.equal(pages.length, 2);
    for (const p of pages) assert.equal(p.query.$filter, 'Synchronize eq true');
  });

  it('pages() yields one array per server page', async () => {
    const sizes: number[] = [];
    for await (const page of h.client.pages(n.contact, n.contacts, {}, lnContactSchema)) sizes.push(page.length);
    assert.deepEqual(sizes, [3, 3, 2]);
  });

  it('encodes string literals: quotes doubled, special characters percent-encoded', async () => {
    h.sim.putBusinessPartner({ BusinessPartner: 'BPQ', Name: "O'Neil & Sons + Co #1" });
    const rows = await h.client.list(n.businessPartner, n.businessPartners, { $filter: `Name eq ${odataString("O'Neil & Sons + Co #1")}` }, lnBusinessPartnerSchema);
    assert.deepEqual(
      rows.map((r) => r.BusinessPartner),
      ['BPQ'],
    );
    assert.equal(odataString("it's"), "'it''s'");
  });

  it('get returns the entity, and undefined for an unknown key (404)', async () => {
    const c = await h.client.get(n.contact, odataKeyPath(n.contacts, 'C2'), lnContactSchema);
    assert.equal(c?.FirstName, 'First2');
    assert.equal(await h.client.get(n.contact, odataKeyPath(n.contacts, 'NOPE'), lnContactSchema), undefined);
  });

  it('sends the bearer token, company and Accept headers (wrong company is refused)', async () => {
    const wrong = new LnODataClient({ baseUrl: h.sim.odataBaseUrl, company: '999', tokens: h.tokens });
    await assert.rejects(wrong.list(n.contact, n.languages, {}, lnLanguageSchema), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.status, 400);
      assert.equal(err.code, 'InvalidCompany');
      return true;
    });
  });

  it('after expireTokens, a 401 refreshes the token and retries once', async () => {
    await h.client.list(n.contact, n.languages, {}, lnLanguageSchema);
    const issued = h.sim.tokensIssued;
    h.sim.expireTokens();
    h.sim.requests.length = 0;
    const langs = await h.client.list(n.contact, n.languages, {}, lnLanguageSchema);
    assert.ok(langs.length > 0);
    assert.equal(h.sim.tokensIssued, issued + 1);
    assert.deepEqual(
      h.sim.requests.map((r) => r.status),
      [401, 200, 200, 200],
    );
    const tokenCall = h.sim.requests[1];
    assert.deepEqual(tokenCall?.body, { grant_type: 'refresh_token' }, 'refresh grant, not a new password grant');
  });

  it('a second 401 in a row is not retried again', async () => {
    h.sim.faults.failNext(2, 401);
    await assert.rejects(h.client.list(n.contact, n.languages, {}, lnLanguageSchema), (err: unknown) => err instanceof ExternalServiceError && err.status === 401);
    assert.equal(h.sim.requests.filter((r) => r.path.endsWith('/Languages')).length, 2);
  });

  it('honours Retry-After on 429 and 503 with the header value', async () => {
    h.sim.faults.failNext(1, 429, { retryAfterSeconds: 7 });
    h.sim.faults.failNext(1, 503, { retryAfterSeconds: 2 });
    const langs = await h.client.list(n.contact, n.languages, {}, lnLanguageSchema);
    assert.ok(langs.length > 0);
    assert.deepEqual(h.sleeps, [7000, 2000]);
  });

  it('gives up after maxRetries and surfaces the throttle with retryAfterSeconds', async () => {
    h.sim.faults.failNext(4, 429, { retryAfterSeconds: 1 });
    await assert.rejects(h.client.list(n.contact, n.languages, {}, lnLanguageSchema), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterSeconds, 1);
      assert.equal(err.transient, true);
      return true;
    });
    assert.deepEqual(h.sleeps, [1000, 1000, 1000]);
  });

  it('maps OData error bodies to ExternalServiceError with code and message', async () => {
    await assert.rejects(h.client.post(n.contact, n.contacts, { FirstName: 'X', BusinessPartner: 'GHOST' }, lnContactSchema), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.service, 'ln');
      assert.equal(err.status, 400);
      assert.equal(err.code, 'InvalidReference');
      assert.match(err.message, /BusinessPartner 'GHOST' does not exist/);
      assert.equal(err.transient, false);
      return true;
    });
  });

  it('PATCH with a stale ETag fails with status 412; the current ETag succeeds', async () => {
    const before = await h.client.get(n.contact, odataKeyPath(n.contacts, 'C1'), lnContactSchema);
    assert.ok(before);
    h.sim.updateContact('C1', { JobTitle: 'changed in LN' });
    await assert.rejects(
      h.client.patch(n.contact, odataKeyPath(n.contacts, 'C1'), { FirstName: 'Late' }, before['@odata.etag'], lnContactSchema),
      (err: unknown) => err instanceof ExternalServiceError && err.status === 412 && err.code === 'PreconditionFailed',
    );
    assert.equal(h.sim.getContact('C1')?.FirstName, 'First1');
    const current = h.sim.getContact('C1');
    assert.ok(current);
    const updated = await h.client.patch(n.contact, odataKeyPath(n.contacts, 'C1'), { FirstName: 'Fresh' }, current['@odata.etag'], lnContactSchema);
    assert.equal(updated.FirstName, 'Fresh');
    assert.equal(updated.JobTitle, 'changed in LN');
    assert.notEqual(updated['@odata.etag'], current['@odata.etag']);
    assert.deepEqual(h.sim.requests.filter((r) => r.method === 'PATCH').map((r) => r.status), [412, 200]);
  });

  it('PATCH answered 204 (no Prefer honoured) reads the entity back', async () => {
    const withoutPrefer: typeof fetch = (input, init) => {
      const headers = { ...(init?.headers as Record<string, string>) };
      delete headers.Prefer;
      return fetch(input, { ...init, headers });
    };
    const client = new LnODataClient({ baseUrl: h.sim.odataBaseUrl, company: h.sim.company, tokens: h.tokens, fetch: withoutPrefer });
    const current = h.sim.getContact('C2');
    assert.ok(current);
    const updated = await client.patch(n.contact, odataKeyPath(n.contacts, 'C2'), { Title: 'Ms.' }, current['@odata.etag'], lnContactSchema);
    assert.equal(updated.Title, 'Ms.');
    assert.deepEqual(
      h.sim.requests.map((r) => [r.method, r.status]),
      [
        ['PATCH', 204],
        ['GET', 200],
      ],
    );
  });

  it('rejects a malformed entity with a message naming the entity and field', async () => {
    const set = h.sim.state.set(n.contact, n.languages);
    set.store.put({ Language: 'BAD', Description: 'Broken', ISOCode: 42 });
    try {
      await assert.rejects(h.client.list(n.contact, n.languages, {}, lnLanguageSchema), (err: unknown) => {
        assert.ok(err instanceof LnInvalidResponseError);
        assert.match(err.message, /tcapi\.comContact\/Languages value\[\d+\]/);
        assert.match(err.message, /ISOCode: .*expected string/);
        return true;
      });
    } finally {
      set.store.delete('BAD');
    }
  });

  it('a dropped connection after a write surfaces as a network error, and the write is applied', async () => {
    h.sim.faults.dropResponseAfterWrite();
    await assert.rejects(
      h.client.post(n.businessPartner, n.businessPartners, { Name: 'Dropped Inc' }, lnBusinessPartnerSchema),
      (err: unknown) => err instanceof ExternalServiceError && err.status === 0 && err.transient,
    );
    assert.ok(h.sim.listBusinessPartners().some((bp) => bp.Name === 'Dropped Inc'));
    assert.equal(h.sim.requests.find((r) => r.method === 'POST')?.dropped, true);
  });

  it('DELETE needs the current ETag and writes a tombstone', async () => {
    const c = h.sim.putContact({ Contact: 'DEL1', FirstName: 'Gone' });
    await h.client.delete(n.contact, odataKeyPath(n.contacts, 'DEL1'), c['@odata.etag']);
    assert.equal(h.sim.getContact('DEL1'), undefined);
    assert.ok(h.sim.listDeletedContacts().some((t) => t.Contact === 'DEL1'));
  });

  it('refuses a nextLink that points to another origin (the token must not leak)', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ value: [], '@odata.nextLink': 'http://evil.example/steal' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as import('node:net').AddressInfo).port;
      const client = new LnODataClient({ baseUrl: `http://127.0.0.1:${port}/odata`, company: '100', tokens: staticTokenProvider('t') });
      await assert.rejects(client.list('svc', 'Set', {}, z.unknown()), /another origin/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
