// GraphSubscriptionClient against a scripted local HTTP endpoint: request paths and bodies, ImmutableId preference,
// renew answered 200 or 204, delete of a missing subscription, list paging over @odata.nextLink and error mapping.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { GraphSubscriptionClient } from '../../shared/graph/graph-subscription-client';
import { StaticTokenCredential } from '../../shared/graph/static-token-credential';
import type { NewGraphSubscription } from '../../shared/sync/ports/graph-subscription-port';
import { sendJson, startLocalServer, type Handler, type LocalServer } from './local-http-server';

const SECRET = 'client-state-secret-3f9a';
const NEW: NewGraphSubscription = {
  resource: 'users/anna@contoso.example/events',
  changeType: 'created,updated,deleted',
  notificationUrl: 'https://sync.example/api/graph-webhook',
  lifecycleNotificationUrl: 'https://sync.example/api/graph-lifecycle',
  clientState: SECRET,
  expirationDateTime: '2025-06-03T10:00:00.000Z',
};

function graphSubscription(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
    id,
    resource: NEW.resource,
    applicationId: 'app-1',
    changeType: NEW.changeType,
    clientState: null,
    notificationUrl: NEW.notificationUrl,
    lifecycleNotificationUrl: NEW.lifecycleNotificationUrl,
    expirationDateTime: NEW.expirationDateTime,
    creatorId: 'sp-1',
    latestSupportedTlsVersion: 'v1_2',
    ...extra,
  };
}

async function rejectsWithGraph(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ExternalServiceError, `expected an ExternalServiceError, got ${String(err)}`);
    assert.equal(err.service, 'graph');
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    return true;
  });
}

describe('GraphSubscriptionClient', () => {
  let server: LocalServer;
  let handler: Handler;
  const sleep = async (): Promise<void> => {};
  const subscriptions = () => new GraphSubscriptionClient(createGraphClient({ baseUrl: server.baseUrl, credential: new StaticTokenCredential('t'), sleep }));

  before(async () => {
    server = await startLocalServer((req, res) => handler(req, res));
  });
  after(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
  });

  it('creates with POST /subscriptions, sending every field and asking for immutable ids', async () => {
    handler = (_req, res) => sendJson(res, 201, graphSubscription('sub-1', { clientState: SECRET }));
    const created = await subscriptions().create(NEW);
    assert.deepEqual(created, { id: 'sub-1', resource: NEW.resource, notificationUrl: NEW.notificationUrl, expirationDateTime: NEW.expirationDateTime });
    assert.ok(!JSON.stringify(created).includes(SECRET), 'the echoed clientState is not passed on');
    const [request] = server.seen;
    assert.equal(server.seen.length, 1);
    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, '/v1.0/subscriptions');
    assert.deepEqual(request!.body, { ...NEW });
    assert.match(String(request!.headers.prefer), /IdType="ImmutableId"/);
    assert.equal(request!.headers.authorization, 'Bearer t');
  });

  it('renews with PATCH /subscriptions/{id} carrying only expirationDateTime', async () => {
    handler = (_req, res) => sendJson(res, 200, graphSubscription('AAQk/+=', { expirationDateTime: '2025-06-05T10:00:00Z' }));
    const renewed = await subscriptions().renew('AAQk/+=', '2025-06-05T10:00:00Z');
    assert.equal(renewed.expirationDateTime, '2025-06-05T10:00:00Z');
    assert.equal(renewed.id, 'AAQk/+=');
    assert.deepEqual(
      server.seen.map((r) => [r.method, r.url, r.body]),
      [['PATCH', '/v1.0/subscriptions/AAQk%2F%2B%3D', { expirationDateTime: '2025-06-05T10:00:00Z' }]],
    );
  });

  it('reads the subscription back when a renewal is answered 204 without a body', async () => {
    handler = (req, res) => {
      if (req.method === 'PATCH') {
        res.writeHead(204);
        res.end();
      } else sendJson(res, 200, graphSubscription('sub-2', { expirationDateTime: '2025-06-05T10:00:00Z' }));
    };
    const renewed = await subscriptions().renew('sub-2', '2025-06-05T10:00:00Z');
    assert.equal(renewed.expirationDateTime, '2025-06-05T10:00:00Z');
    assert.deepEqual(server.seen.map((r) => `${r.method} ${r.url}`), ['PATCH /v1.0/subscriptions/sub-2', 'GET /v1.0/subscriptions/sub-2']);
  });

  it('maps a failed renewal to a graph error with Graph’s code', async () => {
    handler = (_req, res) => sendJson(res, 404, { error: { code: 'ResourceNotFound', message: 'The object was not found.' } });
    await rejectsWithGraph(subscriptions().renew('gone', '2025-06-05T10:00:00Z'), 404, 'ResourceNotFound');
  });

  it('removes with DELETE /subscriptions/{id}; a subscription already gone counts as removed', async () => {
    handler = (req, res) => {
      if (req.url.endsWith('/gone')) sendJson(res, 404, { error: { code: 'ResourceNotFound', message: 'Subscription not found' } });
      else {
        res.writeHead(204);
        res.end();
      }
    };
    await subscriptions().remove('sub-3');
    await subscriptions().remove('gone');
    assert.deepEqual(server.seen.map((r) => `${r.method} ${r.url}`), ['DELETE /v1.0/subscriptions/sub-3', 'DELETE /v1.0/subscriptions/gone']);
  });

  it('does not swallow other delete failures', async () => {
    handler = (_req, res) => sendJson(res, 403, { error: { code: 'ExtensionError', message: 'Operation: Delete; Exception: [Status Code: Forbidden]' } });
    await rejectsWithGraph(subscriptions().remove('sub-4'), 403, 'ExtensionError');
  });

  it('lists every page by following @odata.nextLink', async () => {
    handler = (req, res) => {
      const base = `https://graph.microsoft.com/v1.0/subscriptions`;
      if (req.url === '/v1.0/subscriptions') sendJson(res, 200, { value: [graphSubscription('a'), graphSubscription('b')], '@odata.nextLink': `${base}?$skiptoken=p%2F2` });
      else if (req.url === '/v1.0/subscriptions?$skiptoken=p%2F2') sendJson(res, 200, { value: [graphSubscription('c')], '@odata.nextLink': `${base}?$skiptoken=p3` });
      else if (req.url === '/v1.0/subscriptions?$skiptoken=p3') sendJson(res, 200, { value: [] });
      else sendJson(res, 400, { error: { code: 'BadRequest', message: `unexpected ${req.url}` } });
    };
    const listed = await subscriptions().list();
    assert.deepEqual(listed.map((s) => s.id), ['a', 'b', 'c']);
    assert.equal(server.seen.length, 3);
    assert.ok(server.seen.every((r) => r.method === 'GET'));
  });

  it('answers an empty list', async () => {
    handler = (_req, res) => sendJson(res, 200, { value: [] });
    assert.deepEqual(await subscriptions().list(), []);
  });

  it('stops on a nextLink loop instead of paging forever', async () => {
    handler = (_req, res) => sendJson(res, 200, { value: [graphSubscription('a')], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/subscriptions?$skiptoken=x' });
    await rejectsWithGraph(subscriptions().list(), 200, 'UnexpectedResponse');
    assert.equal(server.seen.length, 2);
  });

  it('maps a create refused by Graph to its status and code', async () => {
    handler = (_req, res) =>
      sendJson(res, 400, { error: { code: 'InvalidRequest', message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.' } });
    await rejectsWithGraph(subscriptions().create(NEW), 400, 'InvalidRequest');
  });

  it('reports a 409 for a duplicate so the caller can look it up', async () => {
    handler = (_req, res) => sendJson(res, 409, { error: { code: 'ExtensionError', message: 'Subscription already exists' } });
    await rejectsWithGraph(subscriptions().create(NEW), 409, 'ExtensionError');
  });

  it('rejects an answer without the subscription id', async () => {
    handler = (_req, res) => sendJson(res, 201, graphSubscription('', { id: undefined }));
    await rejectsWithGraph(subscriptions().create(NEW), 201, 'UnexpectedResponse');
  });

  it('retries a throttled create after Retry-After and then succeeds', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 429, { error: { code: 'ApplicationThrottled', message: 'Too many requests' } }, { 'Retry-After': '1' });
      else sendJson(res, 201, graphSubscription('sub-5'));
    };
    assert.equal((await subscriptions().create(NEW)).id, 'sub-5');
    assert.equal(server.seen.length, 2);
  });

  it('turns a refused connection into a transient graph error with status 0', async () => {
    const dead = new GraphSubscriptionClient(createGraphClient({ baseUrl: 'http://127.0.0.1:1/v1.0', credential: new StaticTokenCredential('t'), sleep, maxRetries: 0 }));
    await assert.rejects(dead.list(), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.service, 'graph');
      assert.equal(err.status, 0);
      assert.ok(err.transient);
      return true;
    });
  });
});
