// Proves the Graph simulator behaves like Graph on the contacts surface, over real HTTP on 127.0.0.1.
// Every answer the tests receive is also checked against Microsoft's OpenAPI description.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGraphSimulator, type GraphSimulator, type GraphSimulatorOptions } from './graph-simulator';
import { loadGraphOpenApi, type GraphOpenApi } from './openapi-validator';

const ALICE = 'alice@contoso.example';
const BOB = 'bob@contoso.example';
const IMMUTABLE = 'IdType="ImmutableId"';
const LN_KEY = 'String {A5C7C2E1-9A3B-4C1D-8E2F-0123456789AB} Name LnContactKey';
const OTHER_KEY = 'String {a5c7c2e1-9a3b-4c1d-8e2f-0123456789ab} Name Other';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

let openApi: GraphOpenApi;
const checkedAnswers: string[] = [];

before(() => {
  openApi = loadGraphOpenApi(['PersonalContacts.yml']);
});

async function withSim(options: GraphSimulatorOptions, body: (sim: GraphSimulator) => Promise<void>): Promise<void> {
  const sim = await startGraphSimulator({ mailboxes: [ALICE, BOB], ...options });
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

/** One Graph call; the answer must conform to the OpenAPI description (the request body too). */
async function call(sim: GraphSimulator, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {}): Promise<Answer> {
  const url = path.startsWith('http') ? path : `${sim.baseUrl}${path}`;
  const headers: Record<string, string> = { ...(opts.token === null ? {} : { Authorization: `Bearer ${opts.token ?? sim.token}` }), ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (res.status < 400 && opts.body !== undefined) assert.deepEqual(openApi.validateRequest({ method, path: url, body: opts.body }), [], `request of ${method} ${path}`);
  assert.deepEqual(openApi.validateResponse({ method, path: url, status: res.status, body: text ? body : undefined }), [], `answer to ${method} ${path}`);
  checkedAnswers.push(`${method} ${res.status}`);
  return { status: res.status, headers: res.headers, body };
}

function folderId(sim: GraphSimulator, upn: string, kind: 'contacts' | 'deleteditems'): string {
  const folder = sim.folders(upn).find((f) => f.kind === kind && (kind === 'deleteditems' || f.displayName === 'Contacts'));
  assert.ok(folder);
  return folder.id;
}

const enc = encodeURIComponent;

describe('Graph simulator: users, auth and folders', () => {
  it('requires the bearer token (401 InvalidAuthenticationToken)', () => withSim({}, async (sim) => {
    const none = await call(sim, 'GET', `/users/${ALICE}`, { token: null });
    assert.equal(none.status, 401);
    assert.equal((none.body['error'] as { code: string }).code, 'InvalidAuthenticationToken');
    assert.equal((await call(sim, 'GET', `/users/${ALICE}`, { token: 'wrong' })).status, 401);
  }));

  it('GET /users/{upn} is case-insensitive; unknown or removed mailboxes answer 404 with a Graph error body', () => withSim({}, async (sim) => {
    const me = await call(sim, 'GET', `/users/${ALICE.toUpperCase()}`);
    assert.equal(me.status, 200);
    assert.equal(me.body['userPrincipalName'], ALICE);
    assert.equal(me.body['mail'], ALICE);
    assert.equal((await call(sim, 'GET', `/users/${me.body['id'] as string}`)).body['userPrincipalName'], ALICE);
    const unknown = await call(sim, 'GET', '/users/nobody@contoso.example');
    assert.equal(unknown.status, 404);
    assert.equal((unknown.body['error'] as { code: string }).code, 'Request_ResourceNotFound');
    sim.removeMailbox(BOB);
    const removed = await call(sim, 'GET', `/users/${BOB}/contacts`);
    assert.equal(removed.status, 404);
    assert.equal((removed.body['error'] as { code: string }).code, 'MailboxNotEnabledForRESTAPI');
    assert.equal((await call(sim, 'GET', `/users/${BOB}`)).status, 404);
    sim.addMailbox(BOB);
    assert.equal((await call(sim, 'GET', `/users/${BOB}/contacts`)).status, 200);
  }));

  it('creates a contact folder, finds it by $filter=displayName eq, and names Deleted Items by its well-known name', () => withSim({}, async (sim) => {
    const created = await call(sim, 'POST', `/users/${ALICE}/contactFolders`, { body: { displayName: "LN Contacts" } });
    assert.equal(created.status, 201);
    assert.equal(created.body['parentFolderId'], folderId(sim, ALICE, 'contacts'));
    const found = await call(sim, 'GET', `/users/${ALICE}/contactFolders?$filter=${enc("displayName eq 'ln contacts'")}`);
    assert.deepEqual((found.body['value'] as Array<{ id: string }>).map((f) => f.id), [created.body['id']]);
    const none = await call(sim, 'GET', `/users/${ALICE}/contactFolders?$filter=${enc("displayName eq 'Other'")}`);
    assert.deepEqual(none.body['value'], []);
    assert.equal((await call(sim, 'POST', `/users/${ALICE}/contactFolders`, { body: { displayName: 'LN Contacts' } })).status, 409);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contactFolders/${enc(created.body['id'] as string)}`)).body['displayName'], 'LN Contacts');
    const deleted = await call(sim, 'GET', `/users/${ALICE}/mailFolders/deleteditems`);
    assert.equal(deleted.body['id'], folderId(sim, ALICE, 'deleteditems'));
    assert.equal(deleted.body['displayName'], 'Deleted Items');
  }));
});

describe('Graph simulator: contacts', () => {
  it('answers immutable ids only with Prefer IdType="ImmutableId"; a move changes the regular id, never the immutable one', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const created = await call(sim, 'POST', `/users/${ALICE}/contactFolders/${enc(folder)}/contacts`, { body: { givenName: 'Ada', surname: 'Lovelace' }, headers: { Prefer: IMMUTABLE } });
    assert.equal(created.status, 201);
    const immutableId = created.body['id'] as string;
    assert.equal(sim.listContacts(ALICE, folder)[0]?.['id'], immutableId);
    assert.match(created.headers.get('preference-applied') ?? '', /IdType="ImmutableId"/);

    const regular = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(immutableId)}`);
    const regularId = regular.body['id'] as string;
    assert.notEqual(regularId, immutableId);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(regularId)}`, { headers: { Prefer: IMMUTABLE } })).body['id'], immutableId);

    sim.moveContactAsUser(ALICE, immutableId, folderId(sim, ALICE, 'contacts'));
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(regularId)}`)).status, 404);
    const afterMove = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(immutableId)}`, { headers: { Prefer: IMMUTABLE } });
    assert.equal(afterMove.body['id'], immutableId);
    assert.equal(afterMove.body['parentFolderId'], folderId(sim, ALICE, 'contacts'));
    assert.notEqual((await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(immutableId)}`)).body['id'], regularId);
  }));

  it('returns the full microsoft.graph.contact shape with annotations and a generated displayName', () => withSim({}, async (sim) => {
    const created = await call(sim, 'POST', `/users/${ALICE}/contacts`, {
      body: { givenName: 'Grace', surname: 'Hopper', emailAddresses: [{ name: 'Grace', address: 'grace@navy.example' }], businessPhones: ['+1 555 0100'], businessAddress: { street: '1 Main St', city: 'Arlington', countryOrRegion: 'United States' } },
    });
    const c = created.body;
    assert.match(c['@odata.context'] as string, /\$metadata#users\('.+'\)\/contacts\/\$entity$/);
    assert.equal(c['@odata.etag'], `W/"${c['changeKey'] as string}"`);
    assert.equal(created.headers.get('etag'), c['@odata.etag']);
    assert.equal(c['displayName'], 'Grace Hopper');
    assert.equal(c['mobilePhone'], null);
    assert.deepEqual(c['homePhones'], []);
    assert.deepEqual(c['homeAddress'], {});
    assert.match(c['createdDateTime'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(c['parentFolderId'], folderId(sim, ALICE, 'contacts'));
    assert.equal('singleValueExtendedProperties' in c, false);
    const selected = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(c['id'] as string)}?$select=givenName,surname`);
    assert.deepEqual(Object.keys(selected.body).sort(), ['@odata.context', '@odata.etag', 'givenName', 'id', 'surname']);
  }));

  it('rejects unknown properties and wrong types with 400, as Graph does', () => withSim({}, async (sim) => {
    const unknown = await call(sim, 'POST', `/users/${ALICE}/contacts`, { body: { givenName: 'A', nickname: 'x' } });
    assert.equal(unknown.status, 400);
    assert.match((unknown.body['error'] as { message: string }).message, /The property 'nickname' does not exist/);
    const badAddress = await call(sim, 'POST', `/users/${ALICE}/contacts`, { body: { businessAddress: { country: 'NL' } } });
    assert.equal(badAddress.status, 400);
    const wrongType = await call(sim, 'POST', `/users/${ALICE}/contacts`, { body: { businessPhones: '123' } });
    assert.equal(wrongType.status, 400);
    assert.equal(sim.listContacts(ALICE).length, 0);
  }));

  it('bumps changeKey on every write, honours If-Match (412 when stale) and bumps it on a touch that changes no field', () => withSim({}, async (sim) => {
    const c = sim.createContactAsUser(ALICE, folderId(sim, ALICE, 'contacts'), { givenName: 'Alan', surname: 'Turing' });
    const id = c['id'] as string;
    const patched = await call(sim, 'PATCH', `/users/${ALICE}/contacts/${enc(id)}`, { body: { jobTitle: 'Mathematician' }, headers: { 'If-Match': c['@odata.etag'] as string, Prefer: IMMUTABLE } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body['jobTitle'], 'Mathematician');
    assert.equal(patched.body['givenName'], 'Alan');
    assert.notEqual(patched.body['changeKey'], c['changeKey']);
    const stale = await call(sim, 'PATCH', `/users/${ALICE}/contacts/${enc(id)}`, { body: { jobTitle: 'x' }, headers: { 'If-Match': c['@odata.etag'] as string } });
    assert.equal(stale.status, 412);
    assert.equal((await call(sim, 'DELETE', `/users/${ALICE}/contacts/${enc(id)}`, { headers: { 'If-Match': c['@odata.etag'] as string } })).status, 412);
    sim.touchContactAsUser(ALICE, id);
    const touched = sim.listContacts(ALICE)[0] ?? {};
    assert.notEqual(touched['changeKey'], patched.body['changeKey']);
    assert.equal(touched['jobTitle'], 'Mathematician');
  }));

  it('DELETE moves the contact to Deleted Items (204): same immutable id, new regular id; deleting there purges', () => withSim({}, async (sim) => {
    const c = sim.createContactAsUser(ALICE, folderId(sim, ALICE, 'contacts'), { givenName: 'Edsger' });
    const id = c['id'] as string;
    const regularBefore = (await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(id)}`)).body['id'] as string;
    assert.equal((await call(sim, 'DELETE', `/users/${ALICE}/contacts/${enc(regularBefore)}`)).status, 204);
    const deleted = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(id)}`, { headers: { Prefer: IMMUTABLE } });
    assert.equal(deleted.body['parentFolderId'], folderId(sim, ALICE, 'deleteditems'));
    assert.equal(deleted.body['id'], id);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(regularBefore)}`)).status, 404);
    assert.equal(sim.listContacts(ALICE, folderId(sim, ALICE, 'deleteditems')).length, 1);
    assert.equal((await call(sim, 'DELETE', `/users/${ALICE}/contacts/${enc(id)}`)).status, 204);
    assert.equal(sim.listContacts(ALICE).length, 0);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(id)}`)).status, 404);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contacts/not-an-id`)).status, 400);
  }));

  it('pages lists with $top/odata.maxpagesize and @odata.nextLink', () => withSim({ pageSize: 3 }, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    for (let i = 0; i < 7; i++) sim.createContactAsUser(ALICE, folder, { givenName: `P${i}` });
    const names: string[] = [];
    let next: string | undefined = `/users/${ALICE}/contactFolders/${enc(folder)}/contacts?$select=givenName`;
    let pages = 0;
    while (next) {
      const page: Answer = await call(sim, 'GET', next);
      names.push(...(page.body['value'] as Array<{ givenName: string }>).map((c) => c.givenName));
      next = page.body['@odata.nextLink'] as string | undefined;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(names, ['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    const big = await call(sim, 'GET', `/users/${ALICE}/contactFolders/${enc(folder)}/contacts`, { headers: { Prefer: 'odata.maxpagesize=10' } });
    assert.equal((big.body['value'] as unknown[]).length, 7);
    assert.equal(big.body['@odata.nextLink'], undefined);
  }));
});

describe('Graph simulator: delta', () => {
  it('initial round pages by odata.maxpagesize with nextLink and ends with deltaLink; $select is honoured', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    for (let i = 0; i < 5; i++) sim.createContactAsUser(ALICE, folder, { givenName: `G${i}`, surname: 'S' });
    const { items, pages, deltaLink, last } = await drainDelta(sim, `/users/${ALICE}/contactFolders/${enc(folder)}/contacts/delta?$select=givenName`, 2);
    assert.equal(pages, 3);
    assert.equal(items.length, 5);
    assert.deepEqual(Object.keys(items[0] ?? {}).sort(), ['@odata.etag', 'givenName', 'id']);
    assert.match(deltaLink, /\$deltatoken=/);
    assert.match(last.headers.get('preference-applied') ?? '', /odata\.maxpagesize=2/);
    assert.deepEqual(new Set(items.map((i) => i['id'])), new Set(sim.listContacts(ALICE, folder).map((c) => c['id'])));
  }));

  it('following the deltaLink reports changed and moved-in items, and @removed for deleted, purged and moved-out ones', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const other = folderId(sim, ALICE, 'contacts');
    const ids = [0, 1, 2, 3, 4].map((i) => sim.createContactAsUser(ALICE, folder, { givenName: `G${i}` })['id'] as string);
    const outsider = sim.createContactAsUser(ALICE, other, { givenName: 'Outsider' })['id'] as string;
    const first = await drainDelta(sim, `/users/${ALICE}/contactFolders/${enc(folder)}/contacts/delta`, 10);
    assert.equal(first.items.length, 5);

    sim.updateContactAsUser(ALICE, ids[0] ?? '', { jobTitle: 'Changed' });
    sim.deleteContactAsUser(ALICE, ids[1] ?? '');
    sim.moveContactAsUser(ALICE, ids[2] ?? '', other);
    sim.purgeContactAsUser(ALICE, ids[3] ?? '');
    sim.moveContactAsUser(ALICE, outsider, folder);
    const added = sim.createContactAsUser(ALICE, folder, { givenName: 'New' })['id'] as string;

    const second = await drainDelta(sim, first.deltaLink, 2);
    const changed = second.items.filter((i) => !('@removed' in i));
    const removed = second.items.filter((i) => '@removed' in i);
    assert.deepEqual(new Set(changed.map((i) => i['id'])), new Set([ids[0], outsider, added]));
    assert.equal(changed.find((i) => i['id'] === ids[0])?.['jobTitle'], 'Changed');
    assert.equal(changed.find((i) => i['id'] === outsider)?.['parentFolderId'], folder);
    assert.deepEqual(new Set(removed.map((i) => i['id'])), new Set([ids[1], ids[2], ids[3]]));
    for (const r of removed) assert.deepEqual(r, { '@odata.type': '#microsoft.graph.contact', id: r['id'], '@removed': { reason: 'deleted' } });

    const quiet = await drainDelta(sim, second.deltaLink, 10);
    assert.deepEqual(quiet.items, []);
    assert.notEqual(quiet.deltaLink, second.deltaLink);
  }));

  it('reports removals with the regular id the client saw when it does not ask for immutable ids', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const id = sim.createContactAsUser(ALICE, folder, { givenName: 'R' })['id'] as string;
    const first = await drainDelta(sim, `/users/${ALICE}/contactFolders/${enc(folder)}/contacts/delta`, 10, false);
    const regularId = first.items[0]?.['id'];
    assert.notEqual(regularId, id);
    sim.deleteContactAsUser(ALICE, id);
    const second = await drainDelta(sim, first.deltaLink, 10, false);
    assert.deepEqual(second.items.map((i) => i['id']), [regularId]);
  }));

  it('refuses $expand on delta (Exchange does) and answers 410 for a forgotten token', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const expand = await call(sim, 'GET', `/users/${ALICE}/contactFolders/${enc(folder)}/contacts/delta?$expand=${enc(`singleValueExtendedProperties($filter=id eq '${LN_KEY}')`)}`);
    assert.equal(expand.status, 400);
    const first = await drainDelta(sim, `/users/${ALICE}/contactFolders/${enc(folder)}/contacts/delta`, 10);
    sim.expireDeltaTokens(ALICE);
    const gone = await call(sim, 'GET', first.deltaLink, { headers: { Prefer: IMMUTABLE } });
    assert.equal(gone.status, 410);
  }));
});

describe('Graph simulator: single-value extended properties', () => {
  it('are written on POST/PATCH and returned only when expanded by id (case-insensitive GUID, `or` of ids)', () => withSim({}, async (sim) => {
    const created = await call(sim, 'POST', `/users/${ALICE}/contacts`, { body: { givenName: 'X', singleValueExtendedProperties: [{ id: LN_KEY, value: 'LN-0001' }] }, headers: { Prefer: IMMUTABLE } });
    const id = created.body['id'] as string;
    assert.equal('singleValueExtendedProperties' in created.body, false);
    const lowerKey = LN_KEY.toLowerCase().replace('name lncontactkey', 'Name LnContactKey');
    const one = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(id)}?$expand=${enc(`singleValueExtendedProperties($filter=id eq '${lowerKey}')`)}`);
    assert.deepEqual(one.body['singleValueExtendedProperties'], [{ id: 'String {a5c7c2e1-9a3b-4c1d-8e2f-0123456789ab} Name LnContactKey', value: 'LN-0001' }]);
    await call(sim, 'PATCH', `/users/${ALICE}/contacts/${enc(id)}`, { body: { singleValueExtendedProperties: [{ id: OTHER_KEY, value: 'o' }] } });
    const both = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(id)}?$expand=${enc(`singleValueExtendedProperties($filter=id eq '${LN_KEY}' or id eq '${OTHER_KEY}')`)}`);
    assert.deepEqual((both.body['singleValueExtendedProperties'] as Array<{ value: string }>).map((p) => p.value).sort(), ['LN-0001', 'o']);
    const missing = await call(sim, 'GET', `/users/${ALICE}/contacts/${enc(id)}?$expand=${enc("singleValueExtendedProperties($filter=id eq 'String {00000000-0000-0000-0000-000000000000} Name Nope')")}`);
    assert.equal('singleValueExtendedProperties' in missing.body, false);
  }));

  it('filter contact lists with singleValueExtendedProperties/Any(ep: ep/id eq … and ep/value eq …)', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const a = sim.createContactAsUser(ALICE, folder, { givenName: 'A', singleValueExtendedProperties: [{ id: LN_KEY, value: 'LN-A' }] });
    sim.createContactAsUser(ALICE, folder, { givenName: 'B', singleValueExtendedProperties: [{ id: LN_KEY, value: 'LN-B' }] });
    sim.createContactAsUser(ALICE, folder, { givenName: 'C' });
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${LN_KEY}' and ep/value eq 'ln-a')`;
    const found = await call(sim, 'GET', `/users/${ALICE}/contactFolders/${enc(folder)}/contacts?$filter=${enc(filter)}`, { headers: { Prefer: IMMUTABLE } });
    assert.deepEqual((found.body['value'] as Array<{ id: string }>).map((c) => c.id), [a['id']]);
    const any = await call(sim, 'GET', `/users/${ALICE}/contactFolders/${enc(folder)}/contacts?$filter=${enc(`singleValueExtendedProperties/any(ep: ep/id eq '${LN_KEY}')`)}`);
    assert.equal((any.body['value'] as unknown[]).length, 2);
  }));
});

describe('Graph simulator: $batch', () => {
  it('runs sub-requests, records each with batch: true, and rejects more than 20 requests with 400', () => withSim({}, async (sim) => {
    const folder = sim.createContactFolderAsUser(ALICE, 'LN Contacts');
    const json = { 'Content-Type': 'application/json', Prefer: IMMUTABLE };
    sim.resetRequests();
    const res = await call(sim, 'POST', '/$batch', { body: { requests: [
      { id: '1', method: 'POST', url: `/users/${ALICE}/contactFolders/${enc(folder)}/contacts`, headers: json, body: { givenName: 'One' } },
      { id: '2', method: 'POST', url: `/users/${BOB}/contacts`, headers: json, body: { givenName: 'Two' } },
      { id: '3', method: 'GET', url: `/users/${ALICE}/contactFolders/${enc(folder)}/contacts?$select=givenName`, dependsOn: ['1'] },
    ] } });
    assert.equal(res.status, 200);
    const responses = res.body['responses'] as Array<{ id: string; status: number; body: Record<string, unknown> }>;
    assert.deepEqual(responses.map((r) => [r.id, r.status]), [['1', 201], ['2', 201], ['3', 200]]);
    assert.equal(responses[0]?.body['id'], sim.listContacts(ALICE, folder)[0]?.['id']);
    assert.equal(sim.listContacts(BOB).length, 1);
    assert.deepEqual(sim.requests.filter((r) => r.batch).map((r) => [r.batchRequestId, r.method, r.status]), [['1', 'POST', 201], ['2', 'POST', 201], ['3', 'GET', 200]]);
    for (const r of sim.requests.filter((x) => x.batch && x.body !== undefined)) assert.deepEqual(openApi.validateRequest(r), []);

    const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${ALICE}/contacts` }));
    const rejected = await call(sim, 'POST', '/$batch', { body: { requests: tooMany } });
    assert.equal(rejected.status, 400);
    assert.equal(typeof (rejected.body['error'] as { message: string }).message, 'string');
    const noContentType = await call(sim, 'POST', '/$batch', { body: { requests: [{ id: '1', method: 'POST', url: `/users/${ALICE}/contacts`, body: {} }] } });
    assert.equal(noContentType.status, 400);
  }));

  it('lets one sub-request answer 429 with Retry-After while the others succeed', () => withSim({}, async (sim) => {
    const c = sim.createContactAsUser(ALICE, folderId(sim, ALICE, 'contacts'), { givenName: 'T' });
    sim.faults.failNext(1, 429, { method: 'PATCH', retryAfterSeconds: 7 });
    const json = { 'Content-Type': 'application/json' };
    const res = await call(sim, 'POST', '/$batch', { body: { requests: [
      { id: 'a', method: 'GET', url: `/users/${ALICE}/contacts/${enc(c['id'] as string)}` },
      { id: 'b', method: 'PATCH', url: `/users/${ALICE}/contacts/${enc(c['id'] as string)}`, headers: json, body: { jobTitle: 'x' } },
      { id: 'c', method: 'POST', url: `/users/${ALICE}/contacts`, headers: json, body: { givenName: 'U' } },
    ] } });
    const responses = res.body['responses'] as Array<{ id: string; status: number; headers: Record<string, string>; body: { error?: { code: string } } }>;
    assert.deepEqual(responses.map((r) => r.status), [200, 429, 201]);
    assert.equal(responses[1]?.headers['Retry-After'], '7');
    assert.match(responses[1]?.body.error?.code ?? '', /TooManyRequests|ApplicationThrottled/);
    assert.equal(sim.listContacts(ALICE).find((x) => x['id'] === c['id'])?.['jobTitle'], null);
  }));
});

describe('Graph simulator: throttling and faults', () => {
  it('answers 429 ApplicationThrottled with Retry-After when more than maxConcurrentPerMailbox requests run at once', () => withSim({ latencyMs: 60, maxConcurrentPerMailbox: 4 }, async (sim) => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(sim, 'GET', `/users/${ALICE}/contacts`)));
    const throttled = answers.filter((a) => a.status === 429);
    assert.ok(throttled.length >= 1, 'some requests were throttled');
    assert.ok(answers.filter((a) => a.status === 200).length >= 4);
    for (const t of throttled) {
      assert.equal((t.body['error'] as { code: string }).code, 'ApplicationThrottled');
      assert.ok(Number(t.headers.get('retry-after')) >= 1);
    }
    assert.equal(sim.peakConcurrency(ALICE), 4);
    const otherMailbox = await Promise.all([call(sim, 'GET', `/users/${ALICE}/contacts`), call(sim, 'GET', `/users/${BOB}/contacts`)]);
    assert.deepEqual(otherMailbox.map((a) => a.status), [200, 200]);
  }));

  it('injects 429 with Retry-After on the next matching requests only', () => withSim({}, async (sim) => {
    sim.faults.failNext(2, 429, { retryAfterSeconds: 3, pathIncludes: '/contactFolders' });
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contacts`)).status, 200);
    const first = await call(sim, 'GET', `/users/${ALICE}/contactFolders`);
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '3');
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contactFolders`)).status, 429);
    assert.equal((await call(sim, 'GET', `/users/${ALICE}/contactFolders`)).status, 200);
    sim.faults.failNext(1, 503);
    const unavailable = await call(sim, 'GET', `/users/${ALICE}/contacts`);
    assert.equal(unavailable.status, 503);
  }));

  it('can drop the answer of a write after applying it', () => withSim({}, async (sim) => {
    sim.faults.dropResponseAfterWrite();
    await assert.rejects(fetch(`${sim.baseUrl}/users/${ALICE}/contacts`, { method: 'POST', headers: { Authorization: `Bearer ${sim.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ givenName: 'Lost' }) }));
    assert.equal(sim.listContacts(ALICE).length, 1);
    assert.equal(sim.requests.at(-1)?.dropped, true);
  }));
});

after(() => {
  assert.ok(checkedAnswers.length > 50, 'the OpenAPI description checked the answers');
});

async function drainDelta(sim: GraphSimulator, start: string, pageSize: number, immutable = true): Promise<{ items: Array<Record<string, unknown>>; pages: number; deltaLink: string; last: Answer }> {
  const items: Array<Record<string, unknown>> = [];
  let url: string | undefined = start;
  let pages = 0;
  let last: Answer | undefined;
  while (url) {
    const page: Answer = await call(sim, 'GET', url, { headers: { Prefer: `odata.maxpagesize=${pageSize}${immutable ? `, ${IMMUTABLE}` : ''}` } });
    assert.equal(page.status, 200);
    items.push(...(page.body['value'] as Array<Record<string, unknown>>));
    pages++;
    last = page;
    url = page.body['@odata.nextLink'] as string | undefined;
    if (!url) return { items, pages, deltaLink: page.body['@odata.deltaLink'] as string, last };
  }
  assert.ok(last);
  return { items, pages, deltaLink: '', last };
}
