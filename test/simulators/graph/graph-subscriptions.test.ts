// Proves the Graph simulator's subscriptions and change notifications behave like Graph's webhooks, over real HTTP on 127.0.0.1.
// A small local receiver plays the subscriber; every API answer and every notification is checked against the OpenAPI checks.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGraphSimulator, type GraphSimulator, type GraphSimulatorOptions } from './graph-simulator';
import { loadGraphOpenApi, type GraphOpenApi } from './openapi-validator';

const ALICE = 'alice@contoso.example';
const BOB = 'bob@contoso.example';
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
const enc = encodeURIComponent;

type Json = Record<string, unknown>;

interface Answer {
  status: number;
  body: Json;
}

interface Received {
  path: string;
  validationToken: string | null;
  contentType: string;
  body: Json | undefined;
  at: number;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Notification POSTs (not handshakes). */
  posts(path?: string): Received[];
  /** Handshake answer: echo the token (default), a wrong token, or HTML. Notifications: the next `failures` answers are 500. */
  handshake: 'echo' | 'wrong' | 'html';
  failures: number;
  close(): Promise<void>;
}

let openApi: GraphOpenApi;
const checkedAnswers: string[] = [];

before(() => {
  openApi = loadGraphOpenApi(['ChangeNotifications.yml', 'Calendar.yml', 'PersonalContacts.yml']);
});

after(() => {
  assert.ok(checkedAnswers.some((a) => a.startsWith('POST 201')) && checkedAnswers.some((a) => a.startsWith('PATCH 200')), 'answers were checked against the descriptions');
});

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: '', received, handshake: 'echo', failures: 0,
    posts: (path) => received.filter((r) => r.validationToken === null && (path === undefined || r.path === path)),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const token = url.searchParams.get('validationToken');
      received.push({ path: url.pathname, validationToken: token, contentType: req.headers['content-type'] ?? '', body: text ? JSON.parse(text) as Json : undefined, at: Date.now() });
      if (token !== null) {
        if (receiver.handshake === 'html') res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<p>${token}</p>`);
        else res.writeHead(200, { 'Content-Type': 'text/plain' }).end(receiver.handshake === 'echo' ? token : `${token}x`);
        return;
      }
      if (receiver.failures > 0) {
        receiver.failures--;
        res.writeHead(500).end();
        return;
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

async function withSim(options: GraphSimulatorOptions, body: (sim: GraphSimulator, receiver: Receiver) => Promise<void>): Promise<void> {
  const sim = await startGraphSimulator({ mailboxes: [ALICE, BOB], latencyMs: 0, notificationRetryDelayMs: 20, ...options });
  const receiver = await startReceiver();
  try {
    await body(sim, receiver);
  } finally {
    await sim.close();
    await receiver.close();
  }
}

/** One Graph call; the answer (and an accepted request body) must conform to the descriptions. */
async function call(sim: GraphSimulator, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = `${sim.baseUrl}${path}`;
  const headers: Record<string, string> = { Authorization: `Bearer ${sim.token}`, ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as Json;
  if (res.status < 400 && opts.body !== undefined) assert.deepEqual(openApi.validateRequest({ method, path: url, body: opts.body }), [], `request of ${method} ${path}`);
  assert.deepEqual(openApi.validateResponse({ method, path: url, status: res.status, body: text ? body : undefined }), [], `answer to ${method} ${path}`);
  checkedAnswers.push(`${method} ${res.status} ${path}`);
  return { status: res.status, body };
}

function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

function subscriptionBody(receiver: Receiver, resource: string, extra: Json = {}): Json {
  return {
    changeType: 'created,updated,deleted', notificationUrl: `${receiver.url}/notify`, lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource, expirationDateTime: inMinutes(60), clientState: 'secret-state', ...extra,
  };
}

async function subscribe(sim: GraphSimulator, receiver: Receiver, resource: string, opts: { immutable?: boolean; extra?: Json } = {}): Promise<Json> {
  const answer = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, resource, opts.extra), headers: opts.immutable === false ? {} : IMMUTABLE });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

function errorCode(answer: Answer): string {
  return (answer.body['error'] as { code: string }).code;
}

/** Every notification item the receiver got at `path`, each POST checked against the changeNotificationCollection schema. */
function items(receiver: Receiver, path = '/notify'): Json[] {
  return receiver.posts(path).flatMap((post) => {
    assert.deepEqual(openApi.validateNotification(post.body), [], `notification ${JSON.stringify(post.body)}`);
    assert.match(post.contentType, /^application\/json/);
    return (post.body?.['value'] ?? []) as Json[];
  });
}

function changes(receiver: Receiver): string[] {
  return items(receiver).map((n) => `${String(n['changeType'])} ${String((n['resourceData'] as Json)['id'])}`);
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function event(subject: string, extra: Json = {}): Json {
  return { subject, start: { dateTime: '2030-07-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-07-01T10:00:00', timeZone: 'UTC' }, ...extra };
}

function contactsFolder(sim: GraphSimulator, upn: string): string {
  const folder = sim.folders(upn).find((f) => f.displayName === 'Contacts');
  assert.ok(folder);
  return folder.id;
}

describe('Graph simulator: subscription validation handshake', () => {
  it('validates notificationUrl and lifecycleNotificationUrl (decoded token, text/plain) before answering 201 with the subscription', () => withSim({}, async (sim, receiver) => {
    const created = await subscribe(sim, receiver, `users/${ALICE}/events`);
    const handshakes = receiver.received.filter((r) => r.validationToken !== null);
    assert.deepEqual(handshakes.map((h) => h.path), ['/notify', '/lifecycle']);
    for (const h of handshakes) {
      assert.match(h.contentType, /^text\/plain/);
      assert.match(h.validationToken ?? '', /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/);
      assert.equal(h.body, undefined);
    }
    assert.match(String(created['id']), /^[0-9a-f-]{36}$/);
    assert.equal(created['@odata.context'], `${sim.baseUrl}/$metadata#subscriptions/$entity`);
    assert.equal(created['resource'], `users/${ALICE}/events`);
    assert.equal(created['changeType'], 'created,updated,deleted');
    assert.equal(created['clientState'], 'secret-state');
    assert.equal(created['notificationUrl'], `${receiver.url}/notify`);
    assert.equal(created['lifecycleNotificationUrl'], `${receiver.url}/lifecycle`);
    assert.equal(created['latestSupportedTlsVersion'], 'v1_2');
    assert.match(String(created['expirationDateTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.match(String(created['applicationId']), /^[0-9a-f-]{36}$/);
    assert.match(String(created['creatorId']), /^[0-9a-f-]{36}$/);
    assert.deepEqual(sim.subscriptions().map((s) => s['id']), [created['id']]);
  }));

  it('answers 400 ValidationError and creates nothing when the endpoint echoes a wrong token, answers HTML or cannot be reached', () => withSim({}, async (sim, receiver) => {
    receiver.handshake = 'wrong';
    const wrong = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`) });
    assert.equal(wrong.status, 400);
    assert.equal(errorCode(wrong), 'ValidationError');
    assert.match(String((wrong.body['error'] as Json)['message']), /validation request failed/i);
    receiver.handshake = 'html';
    const html = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`) });
    assert.equal(errorCode(html), 'ValidationError');
    receiver.handshake = 'echo';
    const lifecycleDown = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`, { lifecycleNotificationUrl: 'http://127.0.0.1:1/lifecycle' }) });
    assert.equal(lifecycleDown.status, 400);
    assert.equal(errorCode(lifecycleDown), 'ValidationError');
    assert.deepEqual(sim.subscriptions(), []);
    assert.deepEqual(values(await call(sim, 'GET', '/subscriptions')), []);
  }));

  it('gives up on an endpoint that does not answer the handshake in time', () => withSim({ validationTimeoutMs: 200 }, async (sim, receiver) => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const answer = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`, { notificationUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow` }) });
      assert.equal(answer.status, 400);
      assert.ok(Date.now() - started < 2000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }));
});

function values(answer: Answer): Json[] {
  return answer.body['value'] as Json[];
}

describe('Graph simulator: subscription management', () => {
  it('creates (any resource spelling), lists, gets, renews with PATCH (200 + subscription) and deletes (204, then 404)', () => withSim({}, async (sim, receiver) => {
    const alice = sim.folders(ALICE);
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const aliceId = String((await call(sim, 'GET', `/users/${ALICE}`)).body['id']);
    const a = await subscribe(sim, receiver, `/users/${aliceId}/events`);
    const b = await subscribe(sim, receiver, `users/${ALICE}/contactFolders/${enc(folder)}/contacts`);
    const c = await subscribe(sim, receiver, `/users/${BOB}/contacts`);
    assert.ok(alice.length > 0);
    assert.deepEqual(values(await call(sim, 'GET', '/subscriptions')).map((s) => s['id']), [a['id'], b['id'], c['id']]);
    const got = await call(sim, 'GET', `/subscriptions/${String(a['id'])}`);
    assert.equal(got.body['resource'], `/users/${aliceId}/events`);
    const later = inMinutes(3 * 24 * 60);
    const renewed = await call(sim, 'PATCH', `/subscriptions/${String(a['id'])}`, { body: { expirationDateTime: later } });
    assert.equal(renewed.status, 200);
    assert.equal(Date.parse(String(renewed.body['expirationDateTime'])), Date.parse(later));
    assert.equal(renewed.body['id'], a['id']);
    assert.equal((await call(sim, 'DELETE', `/subscriptions/${String(b['id'])}`)).status, 204);
    const gone = await call(sim, 'GET', `/subscriptions/${String(b['id'])}`);
    assert.equal(gone.status, 404);
    assert.equal(errorCode(gone), 'ResourceNotFound');
    assert.equal((await call(sim, 'DELETE', `/subscriptions/${String(b['id'])}`)).status, 404);
    assert.equal((await call(sim, 'PATCH', `/subscriptions/${String(b['id'])}`, { body: { expirationDateTime: later } })).status, 404);
    assert.deepEqual(sim.subscriptions().map((s) => s['id']), [a['id'], c['id']]);
    assert.equal((await call(sim, 'POST', `/subscriptions/${String(a['id'])}/reauthorize`)).status, 204);
  }));

  it('allows a second subscription for the same resource and notificationUrl, with its own id (as Graph does)', () => withSim({}, async (sim, receiver) => {
    const first = await subscribe(sim, receiver, `users/${ALICE}/events`);
    const second = await subscribe(sim, receiver, `users/${ALICE}/events`);
    assert.notEqual(first['id'], second['id']);
    assert.equal(sim.subscriptions().length, 2);
  }));

  it('caps expirationDateTime at 10080 minutes ahead for events and contacts, on create and on renewal', () => withSim({}, async (sim, receiver) => {
    const tooLong = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`, { expirationDateTime: inMinutes(10081) }) });
    assert.equal(tooLong.status, 400);
    assert.equal(errorCode(tooLong), 'ExtensionError');
    assert.match(String((tooLong.body['error'] as Json)['message']), /10080 minutes/);
    const past = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`, { expirationDateTime: inMinutes(-1) }) });
    assert.equal(past.status, 400);
    assert.equal(receiver.received.length, 0, 'no handshake for a request Graph rejects first');
    const longest = await subscribe(sim, receiver, `users/${ALICE}/contacts`, { extra: { expirationDateTime: inMinutes(10079) } });
    const renew = await call(sim, 'PATCH', `/subscriptions/${String(longest['id'])}`, { body: { expirationDateTime: inMinutes(10090) } });
    assert.equal(renew.status, 400);
    assert.equal(errorCode(renew), 'ExtensionError');
  }));

  it('rejects malformed bodies and unknown resources with Graph errors', () => withSim({}, async (sim, receiver) => {
    const missing = await call(sim, 'POST', '/subscriptions', { body: { changeType: 'created', notificationUrl: `${receiver.url}/notify`, resource: `users/${ALICE}/events` } });
    assert.equal(missing.status, 400);
    assert.match(String((missing.body['error'] as Json)['message']), /expirationDateTime is a required property/);
    assert.equal((await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`, { changeType: 'created,moved' }) })).status, 400);
    assert.equal((await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/messages`) })).status, 400);
    assert.equal((await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, 'users/nobody@contoso.example/events') })).status, 404);
    assert.equal((await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/contactFolders/AAMkAGI2nonexistentfolder=/contacts`) })).status, 404);
    assert.equal((await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`, { clientState: 'x'.repeat(256) }) })).status, 400);
    const created = await subscribe(sim, receiver, `users/${ALICE}/events`);
    assert.equal((await call(sim, 'PATCH', `/subscriptions/${String(created['id'])}`, { body: { resource: `users/${BOB}/events` } })).status, 400);
  }));

  it('applies injected faults to /subscriptions like to any other Graph path', () => withSim({}, async (sim, receiver) => {
    sim.faults.failNext(1, 503, { pathIncludes: '/subscriptions' });
    const throttled = await call(sim, 'POST', '/subscriptions', { body: subscriptionBody(receiver, `users/${ALICE}/events`) });
    assert.equal(throttled.status, 503);
    assert.equal(sim.subscriptions().length, 0);
    await subscribe(sim, receiver, `users/${ALICE}/events`);
  }));
});

describe('Graph simulator: change notifications', () => {
  it('notifies created/updated/deleted for events written through the API by the subscriber itself, in Graph\'s payload shape', () => withSim({}, async (sim, receiver) => {
    const sub = await subscribe(sim, receiver, `users/${ALICE}/events`);
    const aliceId = String((await call(sim, 'GET', `/users/${ALICE}`)).body['id']);
    const created = await call(sim, 'POST', `/users/${ALICE}/events`, { body: event('Plan'), headers: IMMUTABLE });
    const id = String(created.body['id']);
    await sim.flushNotifications();
    const patched = await call(sim, 'PATCH', `/users/${ALICE}/events/${enc(id)}`, { body: { subject: 'Plan v2' }, headers: IMMUTABLE });
    await sim.flushNotifications();
    await call(sim, 'DELETE', `/users/${ALICE}/events/${enc(id)}`);
    await sim.flushNotifications();
    assert.deepEqual(changes(receiver), [`created ${id}`, `updated ${id}`, `deleted ${id}`]);
    const [first, second] = items(receiver);
    assert.deepEqual(first, {
      subscriptionId: sub['id'], subscriptionExpirationDateTime: sub['expirationDateTime'], changeType: 'created',
      resource: `Users/${aliceId}/Events/${id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${aliceId}/Events/${id}`, '@odata.etag': created.body['@odata.etag'], id },
      clientState: 'secret-state', tenantId: sim.tenantId,
    });
    assert.equal((second?.['resourceData'] as Json)['@odata.etag'], patched.body['@odata.etag']);
    assert.ok(sim.notifications.every((n) => n.url === `${receiver.url}/notify` && n.status === 202));
  }));

  it('notifies *AsUser event changes, only for the subscribed change types and mailbox', () => withSim({}, async (sim, receiver) => {
    await subscribe(sim, receiver, `users/${ALICE}/events`, { extra: { changeType: 'created,deleted' } });
    const created = sim.createEventAsUser(ALICE, event('Dentist'));
    const id = String(created['id']);
    sim.updateEventAsUser(ALICE, id, { subject: 'Dentist (moved)' });
    sim.createEventAsUser(BOB, event('Not Alice\'s'));
    sim.deleteEventAsUser(ALICE, id);
    await sim.flushNotifications();
    assert.deepEqual(changes(receiver), [`created ${id}`, `deleted ${id}`]);
  }));

  it('delivers the meeting copy in an attendee\'s calendar to the attendee mailbox\'s subscription', () => withSim({}, async (sim, receiver) => {
    const bobSub = await subscribe(sim, receiver, `users/${BOB}/events`);
    const meeting = sim.createEventAsUser(ALICE, event('Review', { attendees: [{ type: 'required', emailAddress: { address: BOB, name: 'Bob' } }] }));
    await sim.flushNotifications();
    const copy = sim.listEvents(BOB).find((e) => e['subject'] === 'Review');
    assert.ok(copy);
    assert.notEqual(copy['id'], meeting['id']);
    assert.deepEqual(changes(receiver), [`created ${String(copy['id'])}`]);
    assert.equal(items(receiver)[0]?.['subscriptionId'], bobSub['id']);
    sim.updateEventAsUser(ALICE, String(meeting['id']), { subject: 'Review (agenda)' });
    sim.cancelEventAsUser(ALICE, String(meeting['id']));
    await sim.flushNotifications();
    assert.deepEqual(changes(receiver).slice(1), [`updated ${String(copy['id'])}`, `deleted ${String(copy['id'])}`]);
  }));

  it('notifies folder contacts with immutable ids; a move out of the folder is a deletion there, other folders are silent', () => withSim({}, async (sim, receiver) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const other = sim.createContactFolderAsUser(ALICE, 'Private');
    const sub = await subscribe(sim, receiver, `users/${ALICE}/contactFolders/${folder}/contacts`);
    const byApi = await call(sim, 'POST', `/users/${ALICE}/contactFolders/${enc(folder)}/contacts`, { body: { givenName: 'Ada', surname: 'Lovelace' } });
    const regularId = String(byApi.body['id']);
    const immutableId = String(sim.listContacts(ALICE, folder)[0]?.['id']);
    assert.notEqual(regularId, immutableId);
    await call(sim, 'PATCH', `/users/${ALICE}/contacts/${enc(regularId)}`, { body: { jobTitle: 'Analyst' } });
    const byUser = sim.createContactAsUser(ALICE, folder, { givenName: 'Grace', surname: 'Hopper' });
    sim.createContactAsUser(ALICE, other, { givenName: 'Not', surname: 'Watched' });
    sim.updateContactAsUser(ALICE, String(byUser['id']), { jobTitle: 'Admiral' });
    sim.moveContactAsUser(ALICE, immutableId, other);
    sim.deleteContactAsUser(ALICE, String(byUser['id']));
    await sim.flushNotifications();
    assert.deepEqual(changes(receiver), [
      `created ${immutableId}`, `updated ${immutableId}`, `created ${String(byUser['id'])}`, `updated ${String(byUser['id'])}`,
      `deleted ${immutableId}`, `deleted ${String(byUser['id'])}`,
    ]);
    const first = items(receiver)[0] ?? {};
    assert.equal(first['subscriptionId'], sub['id']);
    assert.equal((first['resourceData'] as Json)['@odata.type'], '#Microsoft.Graph.Contact');
    assert.match(String(first['resource']), new RegExp(`^Users/[0-9a-f-]{36}/Contacts/${immutableId.replace(/[+/=]/g, '\\$&')}$`));
    sim.moveContactAsUser(ALICE, immutableId, folder);
    await sim.flushNotifications();
    assert.equal(changes(receiver).at(-1), `created ${immutableId}`, 'moved back: created in the folder again');
  }));

  it('uses regular ids in notifications of a subscription created without the immutable-id preference', () => withSim({}, async (sim, receiver) => {
    await subscribe(sim, receiver, `users/${ALICE}/contacts`, { immutable: false });
    const created = await call(sim, 'POST', `/users/${ALICE}/contacts`, { body: { givenName: 'Ada' } });
    await sim.flushNotifications();
    assert.deepEqual(changes(receiver), [`created ${String(created.body['id'])}`]);
    assert.notEqual(created.body['id'], sim.listContacts(ALICE, contactsFolder(sim, ALICE))[0]?.['id']);
  }));

  it('does not block the API answer, and batches changes within the window into one POST', () => withSim({ notificationBatchMs: 50 }, async (sim, receiver) => {
    await subscribe(sim, receiver, `users/${ALICE}/events`);
    await subscribe(sim, receiver, `users/${ALICE}/events`, { extra: { clientState: 'second' } });
    const ids = [sim.createEventAsUser(ALICE, event('One')), sim.createEventAsUser(ALICE, event('Two')), sim.createEventAsUser(ALICE, event('Three'))].map((e) => String(e['id']));
    assert.equal(receiver.posts().length, 0, 'nothing is sent synchronously');
    await until(() => receiver.posts().length > 0, 'the batch');
    await sleep(100);
    assert.equal(receiver.posts().length, 1, 'one POST for the whole window, both subscriptions included');
    assert.deepEqual(changes(receiver).sort(), ids.flatMap((id) => [`created ${id}`, `created ${id}`]).sort());
    assert.deepEqual(new Set(items(receiver).map((n) => n['clientState'])), new Set(['secret-state', 'second']));
  }));

  it('retries a delivery the endpoint answers 5xx, recording every attempt', () => withSim({}, async (sim, receiver) => {
    await subscribe(sim, receiver, `users/${ALICE}/events`);
    receiver.failures = 2;
    const id = String(sim.createEventAsUser(ALICE, event('Retry me'))['id']);
    await sim.flushNotifications();
    assert.deepEqual(sim.notifications.map((n) => n.status), [500, 500, 202]);
    assert.deepEqual(sim.notifications.map((n) => n.body), [0, 1, 2].map(() => sim.notifications[0]?.body));
    assert.equal(changes(receiver).filter((c) => c === `created ${id}`).length, 3);
  }));

  it('stops notifying for an expired subscription, which the API then no longer knows', () => withSim({}, async (sim, receiver) => {
    const sub = await subscribe(sim, receiver, `users/${ALICE}/events`);
    sim.expireSubscription(String(sub['id']));
    sim.createEventAsUser(ALICE, event('Unseen'));
    await sim.flushNotifications();
    await sleep(80);
    assert.equal(receiver.posts().length, 0);
    assert.equal((await call(sim, 'GET', `/subscriptions/${String(sub['id'])}`)).status, 404);
    assert.deepEqual(sim.subscriptions(), []);
  }));
});

describe('Graph simulator: lifecycle notifications', () => {
  it('sends reauthorizationRequired, missed and subscriptionRemoved to the lifecycleNotificationUrl in Graph\'s shape', () => withSim({}, async (sim, receiver) => {
    const sub = await subscribe(sim, receiver, `users/${ALICE}/events`);
    const id = String(sub['id']);
    await sim.sendLifecycleEvent(id, 'reauthorizationRequired');
    await sim.sendLifecycleEvent(id, 'missed');
    assert.equal(sim.subscriptions().length, 1);
    await sim.sendLifecycleEvent(id, 'subscriptionRemoved');
    const lifecycle = items(receiver, '/lifecycle');
    assert.deepEqual(lifecycle.map((n) => n['lifecycleEvent']), ['reauthorizationRequired', 'missed', 'subscriptionRemoved']);
    assert.deepEqual(lifecycle[0], { subscriptionId: id, subscriptionExpirationDateTime: sub['expirationDateTime'], tenantId: sim.tenantId, clientState: 'secret-state', lifecycleEvent: 'reauthorizationRequired' });
    assert.equal(receiver.posts('/notify').length, 0);
    assert.deepEqual(sim.subscriptions(), []);
    assert.equal((await call(sim, 'GET', `/subscriptions/${id}`)).status, 404);
    sim.createEventAsUser(ALICE, event('After removal'));
    await sim.flushNotifications();
    assert.equal(receiver.posts('/notify').length, 0);
  }));

  it('loses the changes made while notifications are paused; the test then signals them with missed', () => withSim({}, async (sim, receiver) => {
    const sub = await subscribe(sim, receiver, `users/${ALICE}/events`);
    sim.pauseNotifications(true);
    sim.createEventAsUser(ALICE, event('Missed'));
    await sim.flushNotifications();
    sim.pauseNotifications(false);
    await sleep(80);
    assert.equal(receiver.posts('/notify').length, 0);
    await sim.sendLifecycleEvent(String(sub['id']), 'missed');
    assert.deepEqual(items(receiver, '/lifecycle').map((n) => n['lifecycleEvent']), ['missed']);
    const id = String(sim.createEventAsUser(ALICE, event('Seen'))['id']);
    await sim.flushNotifications();
    assert.deepEqual(changes(receiver), [`created ${id}`]);
  }));
});

describe('Graph simulator: ChangeNotifications.yml conformance', () => {
  it('finds the subscription operations and accepts Graph\'s answers, including PATCH 200 and innerError in errors', () => {
    assert.equal(openApi.findOperation('PATCH', '/subscriptions/abc')?.operationId, 'subscriptions.subscription_UpdateSubscription');
    const error = { error: { code: 'ValidationError', message: 'x', innerError: { date: '2024-01-01T00:00:00', 'request-id': 'r', 'client-request-id': 'c' } } };
    assert.deepEqual(openApi.validateResponse({ method: 'POST', path: '/subscriptions', status: 400, body: error }), []);
    assert.notDeepEqual(openApi.validateResponse({ method: 'PATCH', path: '/subscriptions/a', status: 200, body: { id: 'a', expirationDateTime: 'tomorrow' } }), []);
    assert.notDeepEqual(openApi.validateResponse({ method: 'GET', path: '/subscriptions', status: 201, body: { value: [] } }), []);
    assert.notDeepEqual(openApi.validateRequest({ method: 'POST', path: '/subscriptions', body: { changeType: 'created', resource: 'x', notificationUrl: 'u', expirationDateTime: '2030-01-01T00:00:00Z', clientStat: 's' } }), []);
  });

  it('checks notification payloads against the changeNotificationCollection shape', () => {
    const base = { subscriptionId: '0f6a3c1e-8b7d-4e21-9a53-2c4d6e8f0a1b', subscriptionExpirationDateTime: '2030-01-01T00:00:00.0000000Z', tenantId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', clientState: null };
    const resourceData = { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': 'Users/u/Events/e', '@odata.etag': 'W/"x"', id: 'e' };
    assert.deepEqual(openApi.validateNotification({ value: [{ ...base, changeType: 'updated', resource: 'Users/u/Events/e', resourceData }] }), []);
    assert.deepEqual(openApi.validateNotification({ value: [{ ...base, lifecycleEvent: 'missed' }] }), []);
    assert.notDeepEqual(openApi.validateNotification({ value: [{ ...base, changeType: 'moved', resource: 'r', resourceData }] }), []);
    assert.notDeepEqual(openApi.validateNotification({ value: [{ ...base, lifecycleEvent: 'missed', changeType: 'updated', resource: 'r' }] }), []);
    assert.notDeepEqual(openApi.validateNotification({ value: [] }), []);
  });
});
