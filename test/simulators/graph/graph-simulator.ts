// An in-process Microsoft Graph v1.0 simulator (contacts and calendar surfaces) over node:http on 127.0.0.1, for adapter tests.
// Faithful to Graph's wire format: immutable ids, delta rounds, $batch, extended properties, ETags, 429 + Retry-After, meetings, webhooks.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CalendarDeltaTokens } from './calendar-delta-tokens';
import { parseContactInput } from './contact-input';
import { renderContact } from './contact-json';
import { parseEventInput } from './event-input';
import { renderEvent } from './event-json';
import { GraphEventStore, type EventRef } from './graph-event-store';
import { parseWindowBound } from './time-zones';
import { GraphDeltaTokens } from './graph-delta-tokens';
import { GraphFaults } from './graph-faults';
import { GraphMailboxStore, type Mailbox, type StoredContact } from './graph-mailbox-store';
import { batchRoute, safeDecode } from './graph-batch-route';
import { injectedFault, routeGraphRequest, type RouterDeps } from './graph-router';
import { graphErrorResponse, type SimResponse } from './graph-sim-response';
import { GraphSubscriptions, type LifecycleEvent, type NotificationRecord } from './graph-subscriptions';
import { MailboxConcurrency, MailboxRequestWindow } from './graph-throttle';
import type { SimRequest } from './sim-request';

export interface GraphSimulatorOptions {
  /** UPNs/emails of the mailboxes that exist from the start. */
  mailboxes?: string[];
  /** Page size for lists and delta when the client sends no odata.maxpagesize (default 10). */
  pageSize?: number;
  /** Expected static bearer token (default 'graph-simulator-token'). */
  token?: string;
  /** Requests that may run at once against one mailbox before 429 (default 4). */
  maxConcurrentPerMailbox?: number;
  /** How long each mailbox request takes, so concurrency is observable (default 5 ms). */
  latencyMs?: number;
  /** Requests (batch parts included) one mailbox may receive per window before 429 (default 10 000 per 600 000 ms, as Exchange). */
  requestsPerWindow?: number;
  windowMs?: number;
  /** Clock for createdDateTime/lastModifiedDateTime (default: the system clock). */
  now?: () => Date;
  /** mailboxSettings.timeZone of every mailbox (default "UTC"); change one with setMailboxTimeZone. */
  mailboxTimeZone?: string;
  /** tenantId in change notifications (default: a random GUID, see GraphSimulator.tenantId). */
  tenantId?: string;
  /** Changes within this window go out in one POST per notificationUrl (default 50 ms). */
  notificationBatchMs?: number;
  /** Further attempts after a delivery not answered 2xx (default 3), the first after notificationRetryDelayMs (default 100 ms, growing linearly). */
  notificationRetries?: number;
  notificationRetryDelayMs?: number;
  /** How long an endpoint has to answer the validation handshake (default 10 000 ms, as Graph) and a notification (default 3 000 ms). */
  validationTimeoutMs?: number;
  notificationTimeoutMs?: number;
}

export interface SimFolder {
  id: string;
  displayName: string;
  kind: 'contacts' | 'deleteditems';
}

export interface RecordedRequest {
  method: string;
  /** Decoded path including `/v1.0`, without the query. */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  status: number;
  /** Set on each sub-request of a $batch (the envelope is recorded too, without it). */
  batch?: true;
  batchRequestId?: string;
  /** The write happened but the connection was cut before the answer (dropResponseAfterWrite). */
  dropped?: true;
}

export interface GraphSimulator {
  baseUrl: string;
  token: string;
  close(): Promise<void>;
  addMailbox(upn: string): void;
  removeMailbox(upn: string): void;
  folders(upn: string): SimFolder[];
  createContactFolderAsUser(upn: string, displayName: string): string;
  /** The user renames a contact folder in Outlook (its id stays, as in Exchange). */
  renameContactFolderAsUser(upn: string, folderId: string, displayName: string): void;
  /** Every contact of the mailbox (all folders, Deleted Items included) or of one folder, as Graph JSON with immutable ids. */
  listContacts(upn: string, folderId?: string): Array<Record<string, unknown>>;
  createContactAsUser(upn: string, folderId: string, contact: Record<string, unknown>): Record<string, unknown>;
  updateContactAsUser(upn: string, id: string, patch: Record<string, unknown>): Record<string, unknown>;
  moveContactAsUser(upn: string, id: string, destinationFolderId: string): void;
  deleteContactAsUser(upn: string, id: string): void;
  purgeContactAsUser(upn: string, id: string): void;
  touchContactAsUser(upn: string, id: string): void;
  /** The primary calendar's id. */
  calendarId(upn: string): string;
  /** Graph JSON of every stored item of the primary calendar (single instances, series masters, exceptions), with extended properties. */
  listEvents(upn: string): Array<Record<string, unknown>>;
  /** The instances overlapping [start, end) as calendarView returns them (UTC). */
  calendarView(upn: string, start: string, end: string): Array<Record<string, unknown>>;
  /** As Outlook would (a Graph event body); meetings are delivered to hosted attendees. */
  createEventAsUser(upn: string, event: Record<string, unknown>): Record<string, unknown>;
  updateEventAsUser(upn: string, id: string, patch: Record<string, unknown>): Record<string, unknown>;
  deleteEventAsUser(upn: string, id: string): void;
  cancelEventAsUser(upn: string, id: string, comment?: string): void;
  respondAsUser(upn: string, id: string, response: 'accept' | 'tentativelyAccept' | 'decline'): void;
  setMailboxTimeZone(upn: string, timeZone: string): void;
  /** Forgets issued delta/skip tokens (of one mailbox or all): their next use answers 410 SyncStateNotFound. */
  expireDeltaTokens(upn?: string): void;
  faults: {
    failNext(count: number, status: number, opts?: { retryAfterSeconds?: number; method?: string; pathIncludes?: string }): void;
    dropResponseAfterWrite(count?: number): void;
    /** Answers a random share of mailbox requests and batch parts 429 from now on (ratio 0 stops it). */
    throttleRandomly(ratio: number, opts?: { retryAfterSeconds?: number; random?: () => number }): void;
    /** Forgets every pending fault. */
    clear(): void;
  };
  /** Highest number of requests and batch parts seen running at once against the mailbox. */
  peakConcurrency(upn: string): number;
  /** Requests and batch parts refused for going over the mailbox's 4 at once. */
  concurrencyRefusals(upn: string): number;
  /** Forgets the peaks and refusals seen so far. */
  resetConcurrency(): void;
  requests: RecordedRequest[];
  resetRequests(): void;
  /** The tenantId change notifications carry. */
  tenantId: string;
  /** Active subscriptions as Graph JSON (clientState included). */
  subscriptions(): Array<Record<string, unknown>>;
  /** Every POST of a change or lifecycle notification (each retry too), in order; the handshake is not recorded. */
  notifications: NotificationRecord[];
  /** POSTs Graph's lifecycle notification to the subscription's lifecycleNotificationUrl; subscriptionRemoved also deletes it. */
  sendLifecycleEvent(subscriptionId: string, event: LifecycleEvent): Promise<void>;
  /** While paused, changes produce no notifications (they are lost, as when Graph throttles or misses them). */
  pauseNotifications(paused: boolean): void;
  /** The subscription expires now: it stops notifying and the API no longer knows it. */
  expireSubscription(id: string): void;
  /** Sends the notifications waiting for their batch window and waits until every delivery (with retries) is over. */
  flushNotifications(): Promise<void>;
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const token = options.token ?? 'graph-simulator-token';
  const store = new GraphMailboxStore(options.now, options.mailboxTimeZone);
  const events = new GraphEventStore(store);
  for (const upn of options.mailboxes ?? []) store.addMailbox(upn);
  const faults = new GraphFaults();
  const concurrency = new MailboxConcurrency(options.maxConcurrentPerMailbox ?? 4);
  const requests: RecordedRequest[] = [];
  const tenantId = options.tenantId ?? randomUUID();
  const subscriptions = new GraphSubscriptions(store, {
    now: store.now, tenantId, applicationId: SIMULATOR_APP_ID, creatorId: SIMULATOR_SERVICE_PRINCIPAL_ID,
    batchMs: options.notificationBatchMs ?? 50, retries: options.notificationRetries ?? 3, retryDelayMs: options.notificationRetryDelayMs ?? 100,
    validationTimeoutMs: options.validationTimeoutMs ?? 10_000, notificationTimeoutMs: options.notificationTimeoutMs ?? 3_000,
  });
  const deps: RouterDeps = {
    ctx: { store, tokens: new GraphDeltaTokens(), events, calendarTokens: new CalendarDeltaTokens(), baseUrl: '', defaultPageSize: options.pageSize ?? 10 },
    faults, concurrency, latencyMs: options.latencyMs ?? 5, subscriptions,
    window: new MailboxRequestWindow(options.requestsPerWindow ?? 10_000, options.windowMs ?? 600_000),
  };

  const server = createServer((req, res) => {
    handle(req, res, deps, token, requests).catch((err: unknown) => {
      if (!res.headersSent) writeAnswer(res, graphErrorResponse(500, 'InternalServerError', String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  deps.ctx.baseUrl = `http://127.0.0.1:${port}/v1.0`;

  const mailbox = (upn: string): Mailbox => {
    const found = store.find(upn);
    if (!found) throw new Error(`graph simulator: no mailbox ${upn}`);
    return found;
  };
  const contact = (upn: string, id: string): StoredContact => {
    const found = store.findContact(mailbox(upn), id);
    if (!found) throw new Error(`graph simulator: no contact ${id} in ${upn}`);
    return found;
  };
  const asGraph = (c: StoredContact): Record<string, unknown> => renderContact(c, { immutableIds: true, expand: 'all' });
  const utc = { timeZone: { name: 'UTC', zone: 'UTC' }, expand: 'all' as const };
  const event = (upn: string, id: string): EventRef => {
    const found = events.find(mailbox(upn), id);
    if (!found) throw new Error(`graph simulator: no event ${id} in ${upn}`);
    return found;
  };

  return {
    baseUrl: deps.ctx.baseUrl,
    token,
    close: () => new Promise<void>((resolve, reject) => {
      subscriptions.close();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
    addMailbox: (upn) => void store.addMailbox(upn),
    removeMailbox: (upn) => store.removeMailbox(upn),
    folders: (upn) => [...mailbox(upn).folders.values()].map((f) => ({ id: f.id, displayName: f.displayName, kind: f.kind })),
    createContactFolderAsUser: (upn, displayName) => store.createContactFolder(mailbox(upn), displayName).id,
    renameContactFolderAsUser: (upn, folderId, displayName) => {
      const folder = store.findFolder(mailbox(upn), folderId);
      if (!folder || folder.kind !== 'contacts') throw new Error(`graph simulator: no contact folder ${folderId} in ${upn}`);
      folder.displayName = displayName;
    },
    listContacts: (upn, folderId) => store.contactsIn(mailbox(upn), folderId).map(asGraph),
    createContactAsUser: (upn, folderId, body) => {
      const folder = store.findFolder(mailbox(upn), folderId);
      if (!folder) throw new Error(`graph simulator: no folder ${folderId} in ${upn}`);
      return asGraph(store.createContact(mailbox(upn), folder.id, parseContactInput(body)));
    },
    updateContactAsUser: (upn, id, patch) => asGraph(store.updateContact(mailbox(upn), contact(upn, id), parseContactInput(patch))),
    moveContactAsUser: (upn, id, destinationFolderId) => {
      const folder = store.findFolder(mailbox(upn), destinationFolderId);
      if (!folder) throw new Error(`graph simulator: no folder ${destinationFolderId} in ${upn}`);
      store.moveContact(mailbox(upn), contact(upn, id), folder.id);
    },
    deleteContactAsUser: (upn, id) => store.moveContact(mailbox(upn), contact(upn, id), mailbox(upn).deletedItemsFolderId),
    purgeContactAsUser: (upn, id) => store.purgeContact(mailbox(upn), contact(upn, id)),
    touchContactAsUser: (upn, id) => store.touchContact(mailbox(upn), contact(upn, id)),
    calendarId: (upn) => mailbox(upn).calendar.id,
    listEvents: (upn) => events.stored(mailbox(upn)).map((e) => renderEvent(events.instanceOf(e), utc)),
    calendarView: (upn, start, end) => events.instances(mailbox(upn), windowBound(start), windowBound(end)).map((i) => renderEvent(i, utc)),
    createEventAsUser: (upn, body) => renderEvent(events.instanceOf(events.create(mailbox(upn), parseEventInput(body)).event), utc),
    updateEventAsUser: (upn, id, patch) => renderEvent(events.instanceOf(events.update(mailbox(upn), event(upn, id), parseEventInput(patch))), utc),
    deleteEventAsUser: (upn, id) => events.remove(mailbox(upn), event(upn, id)),
    cancelEventAsUser: (upn, id) => events.cancel(mailbox(upn), event(upn, id)),
    respondAsUser: (upn, id, response) => events.respond(mailbox(upn), event(upn, id), response),
    setMailboxTimeZone: (upn, timeZone) => void (mailbox(upn).calendar.timeZone = timeZone),
    expireDeltaTokens: (upn) => {
      deps.ctx.tokens.expire(upn === undefined ? undefined : mailbox(upn).id);
      deps.ctx.calendarTokens.expire(upn === undefined ? undefined : mailbox(upn).id);
    },
    faults: {
      failNext: (count, status, opts) => faults.failNext(count, status, opts),
      dropResponseAfterWrite: (count) => faults.dropResponseAfterWrite(count),
      throttleRandomly: (ratio, opts) => faults.throttleRandomly(ratio, opts),
      clear: () => faults.clear(),
    },
    peakConcurrency: (upn) => concurrency.peak.get(mailbox(upn).id) ?? 0,
    concurrencyRefusals: (upn) => concurrency.refused.get(mailbox(upn).id) ?? 0,
    resetConcurrency: () => concurrency.resetPeaks(),
    requests,
    resetRequests: () => void requests.splice(0, requests.length),
    tenantId,
    subscriptions: () => subscriptions.list().map((s) => subscriptions.json(s)),
    notifications: subscriptions.notifications,
    sendLifecycleEvent: (id, event) => subscriptions.sendLifecycleEvent(id, event),
    pauseNotifications: (paused) => subscriptions.setPaused(paused),
    expireSubscription: (id) => subscriptions.expire(id),
    flushNotifications: () => subscriptions.flush(),
  };
}

/** applicationId and creatorId of the subscriptions (the app and its service principal; fixed, like one app registration). */
const SIMULATOR_APP_ID = '3f2b7c1e-5a4d-4e8b-9c6f-1d2e3f4a5b6c';
const SIMULATOR_SERVICE_PRINCIPAL_ID = '8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d';

async function handle(req: IncomingMessage, res: ServerResponse, deps: RouterDeps, token: string, requests: RecordedRequest[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v ?? '']));
  const rawBody = await readBody(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const record: RecordedRequest = { method, path: safeDecode(url.pathname), query: Object.fromEntries(url.searchParams), headers, body: undefined, status: 0 };
  requests.push(record);
  const answer = await answerTopLevel(url, method, headers, rawBody, record, deps, token, requests);
  record.status = answer.status;
  if (method !== 'GET' && answer.status < 400 && deps.faults.takeDrop()) {
    record.dropped = true;
    req.socket.destroy();
    return;
  }
  writeAnswer(res, answer);
}

async function answerTopLevel(url: URL, method: string, headers: Record<string, string>, rawBody: string, record: RecordedRequest, deps: RouterDeps, token: string, requests: RecordedRequest[]): Promise<SimResponse> {
  if (rawBody !== '') {
    try {
      record.body = JSON.parse(rawBody);
    } catch {
      record.body = rawBody;
      return graphErrorResponse(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
  }
  const auth = headers['authorization'];
  if (!auth) return graphErrorResponse(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  if (auth !== `Bearer ${token}`) return graphErrorResponse(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).');
  if (!url.pathname.startsWith('/v1.0/')) return graphErrorResponse(400, 'BadRequest', 'Invalid version: the simulator serves v1.0 only.');
  const rawPath = url.pathname.slice('/v1.0'.length);
  const request: SimRequest = { method, path: safeDecode(rawPath), rawPath, query: record.query, headers, body: record.body };
  if (rawPath === '/$batch') {
    const fault = deps.faults.take(method, '/v1.0/$batch', true);
    if (fault) return injectedFault(fault.status, fault.retryAfterSeconds);
    return batchRoute(request, deps, (sub) => requests.push({
      method: sub.request.method, path: `/v1.0${sub.request.path}`, query: sub.request.query, headers: sub.request.headers,
      body: sub.request.body, status: sub.status, batch: true, batchRequestId: sub.batchRequestId,
    }));
  }
  return routeGraphRequest(request, deps);
}

function windowBound(raw: string): number {
  const ms = parseWindowBound(raw);
  if (ms === undefined) throw new Error(`graph simulator: not a date-time: ${raw}`);
  return ms;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function writeAnswer(res: ServerResponse, answer: SimResponse): void {
  const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...answer.headers, ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}) });
  res.end(payload);
}
