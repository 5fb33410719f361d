// Tests of sendBatch against a scripted local $batch endpoint: chunks of at most 20, answers in input order,
// sub-requests answered 429/503 re-sent after their Retry-After, whole-batch failures reported per request.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { batchResponseError, sendBatch, type BatchRequest } from '../../shared/graph/graph-batch';
import { StaticTokenCredential } from '../../shared/graph/static-token-credential';
import { sendJson, startLocalServer, type Handler, type LocalServer } from './local-http-server';

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

describe('sendBatch', () => {
  let server: LocalServer;
  let handler: Handler;
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };
  const client = () => createGraphClient({ baseUrl: server.baseUrl, credential: new StaticTokenCredential('t'), sleep });
  const batches = () => server.seen.filter((s) => s.url === '/v1.0/$batch').map((s) => (s.body as { requests: SubRequest[] }).requests);

  before(async () => {
    server = await startLocalServer((req, res) => handler(req, res));
  });
  after(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
    sleeps.length = 0;
  });

  const echo = (status: (r: SubRequest) => number, headers: (r: SubRequest) => Record<string, string> = () => ({})): Handler => (req, res) => {
    const requests = (req.body as { requests: SubRequest[] }).requests;
    // Answer in reverse order: Graph does not promise the request order.
    const responses = [...requests].reverse().map((r) => ({ id: r.id, status: status(r), headers: headers(r), body: { url: r.url, method: r.method, echo: r.body ?? null } }));
    sendJson(res, 200, { responses });
  };

  it('sends 45 requests as batches of 20, 20 and 5 and returns the answers in input order', async () => {
    handler = echo(() => 201);
    const requests: BatchRequest[] = Array.from({ length: 45 }, (_, i) => ({ method: 'POST', url: `/users/u/contacts`, body: { n: i } }));
    const answers = await sendBatch(client(), requests, { sleep });
    assert.deepEqual(batches().map((b) => b.length).sort((a, b) => b - a), [20, 20, 5]);
    assert.deepEqual(answers.map((a) => (a.body as { echo: { n: number } }).echo.n), requests.map((_, i) => i));
    const sub = batches()[0]![0]!;
    assert.equal(sub.headers?.Prefer, 'IdType="ImmutableId"', 'each sub-request asks for immutable ids');
    assert.equal(sub.headers?.['Content-Type'], 'application/json');
  });

  it('re-sends only the sub-requests answered 429/503, after the longest Retry-After', async () => {
    const attempts = new Map<string, number>();
    handler = echo(
      (r) => {
        const n = (attempts.get(r.url) ?? 0) + 1;
        attempts.set(r.url, n);
        if (r.url.endsWith('/a') && n === 1) return 429;
        if (r.url.endsWith('/b') && n === 1) return 503;
        return 200;
      },
      (r): Record<string, string> => (r.url.endsWith('/a') ? { 'Retry-After': '4' } : r.url.endsWith('/b') ? { 'retry-after': '9' } : {}),
    );
    const answers = await sendBatch(client(), ['a', 'b', 'c'].map((x) => ({ method: 'GET', url: `/users/u/contacts/${x}` })), { sleep });
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    assert.deepEqual(batches().map((b) => b.map((r) => r.url.slice(-1))), [['a', 'b', 'c'], ['a', 'b']]);
    assert.deepEqual(sleeps, [9000]);
  });

  it('stops re-sending after maxRetries and reports the throttling error for that request', async () => {
    handler = echo((r) => (r.url.endsWith('/a') ? 429 : 204), () => ({ 'Retry-After': '1' }));
    const answers = await sendBatch(client(), ['a', 'b'].map((x) => ({ method: 'DELETE', url: `/users/u/contacts/${x}` })), { sleep, maxRetries: 2 });
    assert.equal(answers[0]!.status, 429);
    assert.equal(answers[1]!.status, 204);
    assert.equal(batches().length, 3);
    const err = batchResponseError(answers[0]!);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterSeconds, 1);
  });

  it('reports a failed $batch call as a failure of each of its requests', async () => {
    handler = (_req, res) => sendJson(res, 400, { error: { code: 'BadRequest', message: 'nope' } });
    const answers = await sendBatch(client(), [{ method: 'GET', url: '/users/u/contacts/a' }, { method: 'GET', url: '/users/u/contacts/b' }], { sleep });
    assert.deepEqual(answers.map((a) => batchResponseError(a).code), ['BadRequest', 'BadRequest']);
  });

  it('sends nothing for an empty list', async () => {
    assert.deepEqual(await sendBatch(client(), [], { sleep }), []);
    assert.equal(server.seen.length, 0);
  });
});
