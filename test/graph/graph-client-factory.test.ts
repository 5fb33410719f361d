// Tests of the Graph client's middleware chain over real HTTP against a scripted local server:
// ImmutableId Prefer header, bearer token, Retry-After retries, per-mailbox concurrency, error mapping.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { graphRequest } from '../../shared/graph/graph-request';
import { StaticTokenCredential } from '../../shared/graph/static-token-credential';
import { sendJson, startLocalServer, type Handler, type LocalServer } from './local-http-server';

const ok = z.object({ ok: z.boolean() });

describe('createGraphClient', () => {
  let server: LocalServer;
  let handler: Handler;
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };

  before(async () => {
    server = await startLocalServer((req, res) => handler(req, res));
  });
  after(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
    sleeps.length = 0;
    handler = (_req, res) => sendJson(res, 200, { ok: true });
  });

  const client = (extra: { maxRetries?: number; maxConcurrentPerMailbox?: number } = {}) =>
    createGraphClient({ baseUrl: server.baseUrl, credential: new StaticTokenCredential('test-token'), sleep, ...extra });

  it('sends the bearer token and Prefer IdType="ImmutableId" on a plain GET to the configured base URL', async () => {
    const answer = await graphRequest(client(), { method: 'GET', path: '/users/a%40x.test/contacts?$select=id' }, ok);
    assert.deepEqual(answer, { ok: true });
    const seen = server.seen[0]!;
    assert.equal(seen.url, '/v1.0/users/a%40x.test/contacts?$select=id');
    assert.equal(seen.headers.authorization, 'Bearer test-token');
    assert.equal(seen.headers.prefer, 'IdType="ImmutableId"');
  });

  it('merges the ImmutableId preference with other Prefer values instead of replacing them', async () => {
    await graphRequest(client(), { method: 'GET', path: '/users/u/contacts', headers: { Prefer: 'odata.maxpagesize=5' } }, ok);
    assert.equal(server.seen[0]!.headers.prefer, 'IdType="ImmutableId", odata.maxpagesize=5');
  });

  it('retries 429 and 503 after the Retry-After the server gave, then succeeds', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 429, { error: { code: 'ApplicationThrottled', message: 'slow down' } }, { 'Retry-After': '7' });
      if (calls === 2) return sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } }, { 'Retry-After': '2' });
      return sendJson(res, 200, { ok: true });
    };
    await graphRequest(client(), { method: 'POST', path: '/users/u/contacts', body: { givenName: 'A' } }, ok);
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [7000, 2000]);
    assert.deepEqual(server.seen[2]!.body, { givenName: 'A' }, 'the retried request carries the same body');
    assert.ok(server.seen.every((s) => s.headers.prefer === 'IdType="ImmutableId"' && s.headers.authorization === 'Bearer test-token'));
  });

  it('gives up after maxRetries and reports Graph\'s code, status and Retry-After', async () => {
    handler = (_req, res) => sendJson(res, 429, { error: { code: 'ApplicationThrottled', message: 'slow down' } }, { 'Retry-After': '3' });
    const err = await graphRequest(client({ maxRetries: 2 }), { method: 'GET', path: '/users/u/contacts' }, ok).catch((e: unknown) => e);
    assert.ok(err instanceof ExternalServiceError);
    assert.equal(err.service, 'graph');
    assert.equal(err.status, 429);
    assert.equal(err.code, 'ApplicationThrottled');
    assert.equal(err.retryAfterSeconds, 3);
    assert.equal(err.transient, true);
    assert.equal(server.seen.length, 3);
  });

  it('does not retry a 404 and maps it to ExternalServiceError with Graph\'s code', async () => {
    handler = (_req, res) => sendJson(res, 404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } });
    const err = await graphRequest(client(), { method: 'GET', path: '/users/u/contacts/x' }, ok).catch((e: unknown) => e);
    assert.ok(err instanceof ExternalServiceError);
    assert.equal(err.status, 404);
    assert.equal(err.code, 'ErrorItemNotFound');
    assert.equal(server.seen.length, 1);
  });

  it('rejects a success answer that does not match the schema, saying what was wrong', async () => {
    handler = (_req, res) => sendJson(res, 200, { ok: 'yes' });
    const err = await graphRequest(client(), { method: 'GET', path: '/users/u/contacts' }, ok).catch((e: unknown) => e);
    assert.ok(err instanceof ExternalServiceError);
    assert.equal(err.code, 'UnexpectedResponse');
    assert.match(err.message, /ok/);
  });

  it('maps a dropped connection to a transient ExternalServiceError with status 0', async () => {
    handler = (_req, res) => {
      res.socket?.destroy();
    };
    const err = await graphRequest(client(), { method: 'GET', path: '/users/u/contacts' }, ok).catch((e: unknown) => e);
    assert.ok(err instanceof ExternalServiceError);
    assert.equal(err.status, 0);
    assert.equal(err.transient, true);
  });

  it('keeps at most 4 requests in flight per mailbox, counting a $batch against its mailbox, and none across mailboxes', async () => {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const gates = new Map<string, Array<() => void>>();
    handler = async (req, res) => {
      const mailbox = /\/users\/([^/?]+)/.exec(req.url)?.[1] ?? (req.body as { requests: Array<{ url: string }> }).requests[0]!.url.split('/')[2]!;
      inFlight.set(mailbox, (inFlight.get(mailbox) ?? 0) + 1);
      peak.set(mailbox, Math.max(peak.get(mailbox) ?? 0, inFlight.get(mailbox)!));
      // hold each request until its mailbox has 4 in flight (or 300 ms passed), so the peak does not depend on timing
      const held = gates.get(mailbox) ?? [];
      gates.set(mailbox, held);
      if (inFlight.get(mailbox)! >= 4) held.splice(0).forEach((release) => release());
      else await new Promise<void>((release) => { held.push(release); setTimeout(release, 300); });
      inFlight.set(mailbox, inFlight.get(mailbox)! - 1);
      if (req.url.endsWith('/$batch')) return sendJson(res, 200, { responses: [] });
      sendJson(res, 200, { ok: true });
    };
    const c = client();
    const calls = [];
    for (let i = 0; i < 12; i++) {
      calls.push(graphRequest(c, { method: 'GET', path: `/users/alice/contacts/${i}` }, ok));
      calls.push(graphRequest(c, { method: 'GET', path: `/users/bob/contacts/${i}` }, ok));
    }
    for (let i = 0; i < 4; i++) calls.push(graphRequest(c, { method: 'POST', path: '/$batch', body: { requests: [{ id: '1', method: 'GET', url: '/users/alice/contacts/b' }] } }));
    await Promise.all(calls);
    assert.equal(peak.get('alice'), 4);
    assert.equal(peak.get('bob'), 4);
    assert.equal(server.seen.filter((s) => s.url.endsWith('/$batch')).length, 4);
  });
});
