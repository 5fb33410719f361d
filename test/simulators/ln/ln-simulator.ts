// An in-process LN (ION API gateway + OData) over HTTP for tests and local runs, following ln-api.md.
// Token endpoint, bearer and company checks, paging, ETags, OData errors, fault injection, direct data access, webhook.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IonApiFile } from '../../../shared/ln/ionapi';
import type {
  LnBusinessPartner,
  LnContactEntity,
  LnCountry,
  LnDeletedContact,
  LnEmployee,
  LnLanguage,
  LnSettings,
  LnUser,
} from '../../../shared/ln/ln-entities';
import type { LnActivityWithAttendees, LnAttendeeEntity, LnDeletedActivity } from '../../../shared/ln/ln-activity-entities';
import { defaultLnServiceNames as names } from '../../../shared/ln/ln-service-names';
import type { EntityData } from './entity-set-store';
import { LnFaultState, type LnSimulatorFaults } from './ln-simulator-faults';
import { defaultLnSeed, type LnActivityInput, type LnAttendeeInput, type LnContactInput, type LnSeed } from './ln-simulator-seed';
import { LnSimulatorState, type EntitySet } from './ln-simulator-state';
import { LnTokenIssuer } from './ln-token-issuer';
import { routeODataRequest, type ODataResponse } from './ln-odata-router';
import { ODataError } from './odata-error';
import { LnWebhookSender, type LnWebhookDelivery, type LnWebhookTarget } from './ln-webhook-sender';
import { LnFieldFacets, type LnFacetTable } from './ln-field-facets';
import { lnEntitySets } from './ln-entity-sets';
import { metadataDocument } from './ln-metadata-document';

export type { LnSeed, LnContactInput, LnActivityInput, LnAttendeeInput } from './ln-simulator-seed';
export type { LnSimulatorFaults } from './ln-simulator-faults';
export type { LnWebhookDelivery, LnWebhookTarget } from './ln-webhook-sender';
export type { LnFacetTable } from './ln-field-facets';

export interface LnSimulatorOptions {
  company?: string;
  /** Server page size; small so clients always page. Default 5. */
  pageSize?: number;
  tokenLifetimeSeconds?: number;
  seed?: Partial<LnSeed>;
  /** Push notifications from the start (see `setWebhook`). */
  webhook?: LnWebhookTarget;
  /** Batching window of webhook deliveries; default 50 ms. */
  webhookBatchMs?: number;
  /** `occurredAt` in whole seconds, as in ln-api.md's example ("2026-11-21T09:30:00Z"): two edits in one second
   *  give byte-identical notifications. Default: milliseconds. */
  webhookSecondsOnly?: boolean;
  /** MaxLength facets replacing the defaults of ln-field-facets.ts, per `service/EntitySet` and property path. */
  fieldLengths?: LnFacetTable;
}

export interface LnRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The write was applied but the connection was destroyed instead of answering. */
  dropped?: boolean;
}

type WithEtag<T> = T & { '@odata.etag': string };

export interface LnSimulator {
  url: string;
  odataBaseUrl: string;
  ionapi: IonApiFile;
  company: string;
  close(): Promise<void>;
  putContact(c: LnContactInput): LnContactEntity;
  updateContact(key: string, patch: LnContactInput): LnContactEntity;
  deleteContact(key: string): void;
  getContact(key: string): LnContactEntity | undefined;
  listContacts(): LnContactEntity[];
  listDeletedContacts(): LnDeletedContact[];
  putBusinessPartner(bp: Partial<LnBusinessPartner> & { Name: string }): WithEtag<LnBusinessPartner>;
  listBusinessPartners(): Array<WithEtag<LnBusinessPartner>>;
  putLanguage(language: LnLanguage): LnLanguage;
  putCountry(country: LnCountry): LnCountry;
  setSettings(partial: Partial<LnSettings>): LnSettings;
  putUser(user: LnUser): LnUser;
  putEmployee(employee: LnEmployee): LnEmployee;
  /** Creates or replaces an activity (key assigned when omitted); given Attendees replace its lines, numbered 1…n. */
  putActivity(a: LnActivityInput & { Attendees?: LnAttendeeInput[] }): LnActivityWithAttendees;
  updateActivity(key: string, patch: Partial<LnActivityInput>): LnActivityWithAttendees;
  /** Deletes the activity and its attendees and writes a DeletedActivities tombstone. */
  deleteActivity(key: string): void;
  getActivity(key: string): LnActivityWithAttendees | undefined;
  listActivities(): LnActivityWithAttendees[];
  /** Changes one attendee line; the activity's LastModificationDate (and ETag) change with it. */
  updateAttendee(activity: string, line: number, patch: LnAttendeeInput): LnAttendeeEntity;
  /** Adds a line with the next Line number. */
  addAttendee(activity: string, attendee: LnAttendeeInput): LnAttendeeEntity;
  listDeletedActivities(): LnDeletedActivity[];
  faults: LnSimulatorFaults;
  /** Every issued access token becomes invalid (the next OData call gets 401); refresh tokens stay valid. */
  expireTokens(): void;
  /** The administrator sets the client secret in ION API: token requests with another one get invalid_client. */
  setClientSecret(secret: string): void;
  requests: LnRecordedRequest[];
  /** Access tokens issued so far (password and refresh grants). */
  readonly tokensIssued: number;
  /** The simulator's data, for adding entity sets and direct access beyond the helpers above. */
  state: LnSimulatorState;
  /** Calls `url` (signed with `secret`, ln-api.md) after every change to Contacts and Activities, however made;
   *  attendee changes are `updated` of their activity. Asynchronous and batched; `undefined` turns it off. */
  setWebhook(target: LnWebhookTarget | undefined): void;
  /** Every delivery attempt (retries included), in order. */
  readonly webhookDeliveries: LnWebhookDelivery[];
  /** Resolves once no webhook delivery is queued or in flight. */
  webhookIdle(): Promise<void>;
  /** The MaxLength facets: enforced on every write and served in each service's `$metadata`; changeable. */
  fieldLengths: LnFieldFacets;
  /** Replaces a service's `$metadata` answer: a document served as it is, `null` for 404 (a gateway that does not
   *  pass `$metadata` on), `undefined` for the generated document again. */
  setMetadataDocument(service: string, document: string | null | undefined): void;
}

const TENANT = 'SIMTENANT_TST';

export async function startLnSimulator(options: LnSimulatorOptions = {}): Promise<LnSimulator> {
  const company = options.company ?? '100';
  const pageSize = options.pageSize ?? 5;
  const state = new LnSimulatorState(lnEntitySets, new LnFieldFacets(options.fieldLengths));
  const metadataOverrides = new Map<string, string | null>();
  const faults = new LnFaultState();
  const requests: LnRecordedRequest[] = [];
  const secret = () => randomBytes(12).toString('base64url');
  const credentials = { clientId: `${TENANT}~sim-client`, clientSecret: secret(), username: `${TENANT}#sim-account`, password: secret() };
  const tokens = new LnTokenIssuer(credentials, options.tokenLifetimeSeconds ?? 3600);
  seed(state, { ...defaultLnSeed(), ...options.seed });
  const webhook = new LnWebhookSender({ ...(options.webhookBatchMs === undefined ? {} : { batchWindowMs: options.webhookBatchMs }) });
  if (options.webhook) webhook.setTarget(options.webhook);

  const server = createServer();
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const odataPath = `/${TENANT}/LN/lnapi/odata`;
  const tokenPath = `/${TENANT}/as/token.oauth2`;
  const odataBaseUrl = `${url}${odataPath}`;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, {}, new ODataError(500, 'InternalError', (err as Error).message).toBody());
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const parsedUrl = new URL(req.url ?? '/', url);
    const path = parsedUrl.pathname;
    const query = Object.fromEntries(parsedUrl.searchParams.entries());
    const text = await readBody(req);
    const record = (status: number, body: unknown, dropped?: boolean) =>
      requests.push({ method, path, query, body, status, ...(dropped ? { dropped } : {}) });

    if (path === tokenPath && method === 'POST') {
      const form = new URLSearchParams(text);
      const answer = tokens.handle(form);
      record(answer.status, { grant_type: form.get('grant_type') }); // credentials are never recorded
      send(res, answer.status, {}, answer.body);
      return;
    }
    if (!path.startsWith(`${odataPath}/`)) {
      record(404, text);
      send(res, 404, {}, new ODataError(404, 'NotFound', `no resource at ${path}`).toBody());
      return;
    }
    let body: unknown = undefined;
    const delay = faults.takeDelay();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const answer = await answerOData(req, method, path, query, text, (parsed) => (body = parsed));
    if (answer.status < 300 && faults.takeDrop(method)) {
      record(answer.status, body, true);
      req.socket.destroy();
      return;
    }
    record(answer.status, body);
    send(res, answer.status, answer.headers, answer.body);
  }

  async function answerOData(
    req: IncomingMessage,
    method: string,
    path: string,
    query: Record<string, string>,
    text: string,
    onBody: (body: unknown) => void,
  ): Promise<ODataResponse> {
    try {
      let body: unknown = undefined;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ODataError(400, 'InvalidJson', 'the request body is not valid JSON');
        }
      }
      onBody(body);
      const failure = faults.takeFailure(method, path);
      if (failure) {
        const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
        if (failure.htmlPage) return { status: failure.status, headers, body: new TextBody('text/html; charset=utf-8', `<!DOCTYPE html><html><head><title>${failure.status} - Internal server error.</title></head><body><h1>Server Error</h1><p>There is a problem with the resource you are looking for, and it cannot be displayed.</p></body></html>`) };
        return { status: failure.status, headers, body: new ODataError(failure.status, 'SimulatedFault', `simulated ${failure.status}`).toBody() };
      }
      const auth = req.headers.authorization ?? '';
      const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
      if (!bearer || !tokens.isValid(bearer)) {
        return { status: 401, headers: { 'WWW-Authenticate': 'Bearer' }, body: new ODataError(401, 'Unauthorized', 'missing, invalid or expired access token').toBody() };
      }
      const lnCompany = req.headers['x-infor-lncompany'];
      if (lnCompany === undefined) throw new ODataError(400, 'MissingCompany', 'X-Infor-LnCompany header is required');
      if (lnCompany !== company) throw new ODataError(400, 'InvalidCompany', `company '${String(lnCompany)}' does not exist`);
      const segments = path.slice(odataPath.length + 1).split('/').map(decodeSegment);
      if (segments[1] === '$metadata' && segments.length === 2) return metadataAnswer(method, segments[0] ?? '');
      return routeODataRequest(
        { state, odataBaseUrl, pageSize },
        { method, segments, query, body, ifMatch: header(req, 'if-match'), prefer: header(req, 'prefer') },
      );
    } catch (err) {
      if (err instanceof ODataError) return { status: err.status, headers: {}, body: err.toBody() };
      throw err;
    }
  }

  /** `GET {service}/$metadata`: the service's CSDL XML (OData 4.01 Part 2, 4.1 "Addressing the Model for a Service"). */
  function metadataAnswer(method: string, service: string): ODataResponse {
    if (method !== 'GET') throw new ODataError(405, 'MethodNotAllowed', `${method} is not allowed on $metadata`);
    const override = metadataOverrides.get(service);
    const document = override === undefined ? metadataDocument(service, lnEntitySets, state.facets) : override;
    if (document === null || document === undefined) throw new ODataError(404, 'NotFound', `no metadata for ${service}`);
    return { status: 200, headers: { 'OData-Version': '4.0' }, body: new TextBody('application/xml; charset=utf-8', document) };
  }

  const contacts = state.set(names.contact, names.contacts);
  const asContact = (e: EntityData) => e as LnContactEntity;
  const one = (set: EntitySet, key: string) => {
    const stored = set.store.get(key);
    return stored ? state.serialize(stored) : undefined;
  };
  const all = (set: EntitySet) => set.store.list().map((e) => state.serialize(e));
  const put = (service: string, name: string, data: object) => state.serialize(state.create(state.set(service, name), data as EntityData, true));
  const settings = state.set(names.exchangeSync, names.settings);
  const activities = state.set(names.activity, names.activities);
  const attendees = state.set(names.activity, names.attendees);
  const withAttendees = { set: activities, navigations: ['Attendees'] };
  const asActivity = (e: EntityData) => e as LnActivityWithAttendees;
  const activity = (key: string) => {
    const stored = activities.store.get(key);
    return stored ? asActivity(state.serialize(stored, withAttendees)) : undefined;
  };
  const activityAfterWrite = (key: string) => activity(key) as LnActivityWithAttendees;
  const notifiedEntity = new Map<EntitySet, 'Contact' | 'Activity'>([
    [contacts, 'Contact'],
    [activities, 'Activity'],
  ]);
  state.onChange = ({ set, key, changeType }) => {
    const entity = notifiedEntity.get(set);
    if (entity) webhook.notify({ company, entity, id: key, changeType, occurredAt: occurredAt(options.webhookSecondsOnly === true) });
  };

  return {
    url,
    odataBaseUrl,
    company,
    ionapi: {
      ti: TENANT,
      cn: 'LN simulator',
      ci: credentials.clientId,
      cs: credentials.clientSecret,
      iu: url,
      pu: `${url}/${TENANT}/as/`,
      oa: 'authorization.oauth2',
      ot: 'token.oauth2',
      or: 'revoke_token.oauth2',
      ev: 'U1',
      v: '1.0',
      saak: credentials.username,
      sask: credentials.password,
    },
    faults,
    requests,
    state,
    get tokensIssued() {
      return tokens.issuedCount;
    },
    expireTokens: () => tokens.expireAll(),
    setClientSecret: (secret) => {
      credentials.clientSecret = secret;
    },
    setWebhook: (target) => webhook.setTarget(target),
    webhookDeliveries: webhook.deliveries,
    webhookIdle: () => webhook.idle(),
    fieldLengths: state.facets,
    setMetadataDocument: (service, document) => {
      if (document === undefined) metadataOverrides.delete(service);
      else metadataOverrides.set(service, document);
    },
    close: async () => {
      await webhook.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
    putContact: (c) => asContact(state.serialize(state.create(contacts, c, true))),
    updateContact: (key, patch) => asContact(state.serialize(state.patch(contacts, key, patch))),
    deleteContact: (key) => state.remove(contacts, key),
    getContact: (key) => {
      const e = one(contacts, key);
      return e ? asContact(e) : undefined;
    },
    listContacts: () => all(contacts).map(asContact),
    listDeletedContacts: () => all(state.set(names.contact, names.deletedContacts)) as LnDeletedContact[],
    putBusinessPartner: (bp) => put(names.businessPartner, names.businessPartners, bp) as WithEtag<LnBusinessPartner>,
    listBusinessPartners: () => all(state.set(names.businessPartner, names.businessPartners)) as Array<WithEtag<LnBusinessPartner>>,
    putLanguage: (l) => put(names.contact, names.languages, l) as LnLanguage,
    putCountry: (c) => put(names.contact, names.countries, c) as LnCountry,
    setSettings: (partial) => {
      const current = settings.store.get('default')?.data ?? {};
      return put(names.exchangeSync, names.settings, { ...current, ...partial }) as LnSettings;
    },
    putUser: (u) => put(names.exchangeSync, names.users, u) as LnUser,
    putEmployee: (e) => put(names.employee, names.employees, e) as LnEmployee,
    putActivity: (a) => activityAfterWrite(activities.store.keyOf(state.create(activities, a, true).data)),
    updateActivity: (key, patch) => activityAfterWrite(activities.store.keyOf(state.patch(activities, key, patch).data)),
    deleteActivity: (key) => state.remove(activities, key),
    getActivity: activity,
    listActivities: () => activities.store.list().map((e) => asActivity(state.serialize(e, withAttendees))),
    updateAttendee: (a, line, patch) => state.serialize(state.patch(attendees, `${a},${line}`, patch)) as LnAttendeeEntity,
    addAttendee: (a, attendee) => {
      const { Line: _assigned, ...rest } = attendee;
      return state.serialize(state.create(attendees, { ...rest, Activity: a })) as LnAttendeeEntity;
    },
    listDeletedActivities: () => all(state.set(names.activity, names.deletedActivities)) as LnDeletedActivity[],
  };
}

function seed(state: LnSimulatorState, data: LnSeed): void {
  const add = (service: string, name: string, rows: readonly object[]) => {
    const set = state.set(service, name);
    for (const row of rows) state.create(set, row as EntityData, true);
  };
  add(names.contact, names.languages, data.languages);
  add(names.contact, names.countries, data.countries);
  add(names.businessPartner, names.businessPartners, data.businessPartners);
  add(names.exchangeSync, names.settings, [data.settings]);
  add(names.exchangeSync, names.users, data.users);
  add(names.employee, names.employees, data.employees);
  add(names.contact, names.contacts, data.contacts);
  add(names.activity, names.activities, data.activities);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ODataError(400, 'InvalidPath', `bad percent-encoding in ${segment}`);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function occurredAt(secondsOnly: boolean): string {
  const now = new Date().toISOString();
  return secondsOnly ? now.replace(/\.\d{3}Z$/, 'Z') : now;
}

/** A body sent as it is (an HTML error page from the web server in front of LN, a CSDL document), not as OData JSON. */
class TextBody {
  constructor(
    readonly contentType: string,
    readonly text: string,
  ) {}
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  if (body instanceof TextBody) {
    res.writeHead(status, { ...headers, 'Content-Type': body.contentType });
    res.end(body.text);
    return;
  }
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0' }),
  });
  res.end(payload);
}
