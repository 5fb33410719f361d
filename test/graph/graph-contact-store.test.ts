// GraphContactStore against the Graph simulator over real HTTP: sync folder, $batch writes, delta rounds,
// locate, LN-key lookup, minimal PATCHes, delete to Deleted Items, throttling, ImmutableId and concurrency (B-I4).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { emptyContact, normalizeContact, type ContactFields } from '../../shared/domain/contact';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { GraphContactStore } from '../../shared/graph/graph-contact-store';
import { FAX_PROPERTY_ID, LANGUAGE_PROPERTY_ID } from '../../shared/graph/graph-extended-properties';
import { StaticTokenCredential } from '../../shared/graph/static-token-credential';
import type { ContactCreate } from '../../shared/sync/ports/exchange-contact-port';
import { startGraphSimulator, type GraphSimulator } from '../simulators/graph/graph-simulator';

const USER = 'anna@contoso.example';
const OTHER = 'bob@contoso.example';

function contactNo(n: number, extra: Partial<ContactFields> = {}): ContactCreate {
  return {
    lnKey: `C${String(n).padStart(6, '0')}`,
    fields: normalizeContact({ givenName: `Given${n}`, surname: `Surname${n}`, companyName: 'Acme GmbH', email: `c${n}@acme.example`, country: 'DE', city: 'Berlin', fax: `+49 30 ${n}`, language: 'de', ...extra }),
  };
}

describe('GraphContactStore against the Graph simulator', () => {
  let sim: GraphSimulator;
  let store: GraphContactStore;
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };
  let folderId: string;

  const makeStore = (maxConcurrentPerMailbox = 4): GraphContactStore =>
    new GraphContactStore(createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep, maxConcurrentPerMailbox }), { sleep });
  const deletedItemsId = (upn = USER): string => sim.folders(upn).find((f) => f.kind === 'deleteditems')!.id;
  const envelopes = () => sim.requests.filter((r) => r.path.endsWith('/$batch') && !r.batch);

  before(async () => {
    sim = await startGraphSimulator({ mailboxes: [USER, OTHER], pageSize: 7 });
    store = makeStore();
    folderId = await store.ensureSyncFolder(USER, 'LN Contacts');
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.resetRequests();
    sleeps.length = 0;
  });

  it('ensureSyncFolder finds the existing folder instead of creating a second one', async () => {
    assert.equal(await store.ensureSyncFolder(USER, 'LN Contacts'), folderId);
    assert.equal(await store.ensureSyncFolder(USER, 'ln contacts'), folderId, 'Exchange folder names ignore case');
    assert.equal(sim.folders(USER).filter((f) => f.displayName === 'LN Contacts').length, 1);
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 0);
    const other = await store.ensureSyncFolder(OTHER, "O'Brien's contacts");
    assert.equal(await store.ensureSyncFolder(OTHER, "O'Brien's contacts"), other);
  });

  it('B-I4: creates 45 contacts through $batch requests of at most 20, stamping the LN key', async () => {
    const items = Array.from({ length: 45 }, (_, i) => contactNo(i + 1));
    const results = await store.create(USER, folderId, items);
    assert.equal(results.length, 45);
    for (const [i, r] of results.entries()) {
      assert.ok(r.ok, `item ${i} failed: ${r.ok ? '' : r.error.message}`);
      assert.equal(r.value.lnKey, items[i]!.lnKey);
      assert.deepEqual(r.value.fields, items[i]!.fields);
      assert.ok(r.value.id.startsWith('AAkALgAA'), 'an immutable id');
      assert.notEqual(r.value.changeKey, '');
    }
    const sizes = envelopes().map((e) => (e.body as { requests: unknown[] }).requests.length);
    assert.deepEqual([...sizes].sort((a, b) => b - a), [20, 20, 5]);
    assert.equal(sim.requests.filter((r) => r.batch && r.method === 'POST').length, 45);
    const stored = sim.listContacts(USER, folderId);
    assert.equal(stored.length, 45);
    const first = stored.find((c) => (c.displayName as string) === 'Given1 Surname1')!;
    assert.equal((first.businessAddress as { countryOrRegion: string }).countryOrRegion, 'Germany');
  });

  it('delta: an initial round returns every contact with its LN key and fields across pages', async () => {
    const paged = new GraphContactStore(createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep }), { sleep, pageSize: 7 });
    const round = await paged.delta(USER, folderId, undefined);
    assert.equal(round.changed.length, 45);
    assert.deepEqual(round.removed, []);
    const c7 = round.changed.find((s) => s.lnKey === 'C000007')!;
    assert.deepEqual(c7.fields, contactNo(7).fields);
    assert.ok(sim.requests.filter((r) => r.path.endsWith('/contacts/delta')).length > 1, 'more than one delta page was read');
    assert.ok(round.deltaLink.includes('$deltatoken='));
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/contacts/delta') && r.query['$expand'] !== undefined).length, 0, 'delta is never asked to $expand');
  });

  it('delta: an incremental round reports edits and creates as changed, deletes and moves as @removed', async () => {
    const start = await store.delta(USER, folderId, undefined);
    const byKey = new Map(start.changed.map((s) => [s.lnKey, s.id]));
    const other = sim.createContactFolderAsUser(USER, 'Private');
    sim.updateContactAsUser(USER, byKey.get('C000001')!, { jobTitle: 'CEO' });
    const created = sim.createContactAsUser(USER, folderId, { givenName: 'New', surname: 'Person', businessAddress: { countryOrRegion: 'France' } });
    sim.deleteContactAsUser(USER, byKey.get('C000002')!);
    sim.moveContactAsUser(USER, byKey.get('C000003')!, other);
    sim.purgeContactAsUser(USER, byKey.get('C000004')!);

    const round = await store.delta(USER, folderId, start.deltaLink);
    assert.deepEqual(new Set(round.changed.map((s) => s.id)), new Set([byKey.get('C000001'), created.id]));
    assert.equal(round.changed.find((s) => s.id === byKey.get('C000001'))!.fields.jobTitle, 'CEO');
    assert.equal(round.changed.find((s) => s.id === created.id)!.fields.country, 'FR');
    assert.equal(round.changed.find((s) => s.id === created.id)!.lnKey, undefined);
    assert.deepEqual(new Set(round.removed), new Set([byKey.get('C000002'), byKey.get('C000003'), byKey.get('C000004')]));

    const quiet = await store.delta(USER, folderId, round.deltaLink);
    assert.deepEqual(quiet, { changed: [], removed: [], deltaLink: quiet.deltaLink });
  });

  it('locate tells the sync folder, another folder, Deleted Items and gone apart', async () => {
    const [a, b, c, d] = (await store.create(USER, folderId, [contactNo(101), contactNo(102), contactNo(103), contactNo(104)])).map((r) => {
      assert.ok(r.ok);
      return r.value.id;
    });
    const other = sim.createContactFolderAsUser(USER, 'Filed');
    sim.moveContactAsUser(USER, b!, other);
    sim.deleteContactAsUser(USER, c!);
    sim.purgeContactAsUser(USER, d!);
    assert.equal(await store.locate(USER, folderId, a!), 'sync-folder');
    assert.equal(await store.locate(USER, folderId, b!), 'other-folder');
    assert.equal(await store.locate(USER, folderId, c!), 'deleted-items');
    assert.equal(await store.locate(USER, folderId, d!), 'gone');
  });

  it('findByLnKey finds the stamped contact in the sync folder, and nothing for an unknown key', async () => {
    const [made] = await store.create(USER, folderId, [contactNo(201, { jobTitle: "Buyer's assistant" }), { ...contactNo(202), lnKey: "K'202" }]);
    assert.ok(made?.ok);
    const found = await store.findByLnKey(USER, folderId, 'C000201');
    assert.equal(found?.id, made.value.id);
    assert.deepEqual(found?.fields, made.value.fields);
    assert.equal((await store.findByLnKey(USER, folderId, "K'202"))?.lnKey, "K'202", 'quotes in keys are escaped');
    assert.equal(await store.findByLnKey(USER, folderId, 'C999999'), undefined);
  });

  it('update PATCHes only the changed fields (address whole), writes fax/language as extended properties', async () => {
    const [made] = await store.create(USER, folderId, [contactNo(301, { street: 'Hauptstr. 1', postalCode: '10115' })]);
    assert.ok(made?.ok);
    sim.resetRequests();
    const [updated] = await store.update(USER, [{ id: made.value.id, patch: { jobTitle: 'Head of Buying', city: 'Potsdam', fax: '+49 331 1', language: 'en' } }]);
    assert.ok(updated?.ok, updated && !updated.ok ? updated.error.message : '');
    const patches = sim.requests.filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1);
    assert.deepEqual(patches[0]!.body, {
      jobTitle: 'Head of Buying',
      businessAddress: { street: 'Hauptstr. 1', city: 'Potsdam', postalCode: '10115', state: '', countryOrRegion: 'Germany' },
      singleValueExtendedProperties: [
        { id: FAX_PROPERTY_ID, value: '+49 331 1' },
        { id: LANGUAGE_PROPERTY_ID, value: 'en' },
      ],
    });
    const expected = { ...made.value.fields, jobTitle: 'Head of Buying', city: 'Potsdam', fax: '+49 331 1', language: 'en' };
    assert.deepEqual(updated.value.fields, expected);
    assert.equal(updated.value.lnKey, 'C000301');
    assert.notEqual(updated.value.changeKey, made.value.changeKey);
    assert.deepEqual((await store.findByLnKey(USER, folderId, 'C000301'))?.fields, expected, 'Exchange holds what the snapshot says');
  });

  it('update reports a missing item as a 404 failure and still applies the others', async () => {
    const [made] = await store.create(USER, folderId, [contactNo(302)]);
    assert.ok(made?.ok);
    const ghost = made.value.id.slice(0, -8) + 'AAAAAAA=';
    const results = await store.update(USER, [{ id: ghost, patch: { jobTitle: 'x' } }, { id: made.value.id, patch: { surname: 'Renamed' } }]);
    assert.equal(results[0]!.ok, false);
    assert.equal(!results[0]!.ok && (results[0]!.error as { status?: number }).status, 404);
    assert.ok(results[1]!.ok);
    assert.equal(results[1]!.value.fields.surname, 'Renamed');
  });

  it('remove deletes to Deleted Items (recoverable) and counts an already missing item as deleted', async () => {
    const made = await store.create(USER, folderId, [contactNo(401), contactNo(402)]);
    const [a, b] = made.map((r) => (r.ok ? r.value.id : assert.fail('create failed')));
    sim.purgeContactAsUser(USER, b!);
    const results = await store.remove(USER, [a!, b!]);
    assert.deepEqual(results.map((r) => r.ok), [true, true]);
    assert.ok(sim.listContacts(USER, deletedItemsId()).some((c) => c.id === a), 'in Deleted Items');
    assert.equal(await store.locate(USER, folderId, a!), 'deleted-items');
    assert.ok(sim.requests.some((r) => r.batch && r.method === 'DELETE'));
  });

  it('B-I4: a 429 with Retry-After is retried after the given delay, for plain calls and $batch sub-requests', async () => {
    sim.faults.failNext(1, 429, { retryAfterSeconds: 3, method: 'GET', pathIncludes: '/contactFolders' });
    assert.equal(await store.ensureSyncFolder(USER, 'LN Contacts'), folderId);
    assert.deepEqual(sleeps, [3000]);

    sleeps.length = 0;
    sim.faults.failNext(2, 429, { retryAfterSeconds: 2, method: 'POST', pathIncludes: '/contacts' });
    sim.faults.failNext(1, 503, { retryAfterSeconds: 5, method: 'POST', pathIncludes: '/contacts' });
    const results = await store.create(USER, folderId, [contactNo(501), contactNo(502), contactNo(503), contactNo(504)]);
    assert.deepEqual(results.map((r) => r.ok), [true, true, true, true]);
    assert.deepEqual(sleeps, [5000], 'one wait, the longest Retry-After of the throttled sub-requests');
    const subPosts = sim.requests.filter((r) => r.batch && r.method === 'POST');
    assert.deepEqual(subPosts.map((r) => r.status), [429, 429, 503, 201, 201, 201, 201]);
    assert.equal(sim.listContacts(USER, folderId).filter((c) => /^Given50[1-4]$/.test(String(c.givenName))).length, 4, 'no duplicates');
  });

  it('B-I4: every request, batch sub-requests included, carries Prefer IdType="ImmutableId"', async () => {
    const round = await store.delta(USER, folderId, undefined);
    await store.update(USER, [{ id: round.changed[0]!.id, patch: { title: 'Dr.' } }]);
    await store.locate(USER, folderId, round.changed[1]!.id);
    await store.findByLnKey(USER, folderId, 'C000010');
    await store.remove(USER, [round.changed[2]!.id]);
    assert.ok(sim.requests.length > 10);
    for (const r of sim.requests) assert.match(r.headers['prefer'] ?? '', /IdType="ImmutableId"/, `${r.method} ${r.path}`);
  });

  it('B-I4: never has more than 4 requests in flight per mailbox, even when callers run many at once', async () => {
    const round = await store.delta(USER, folderId, undefined);
    const ids = round.changed.map((s) => s.id).slice(0, 24);
    sim.resetRequests();
    await Promise.all([
      ...ids.map((id) => store.locate(USER, folderId, id)),
      ...ids.slice(0, 8).map((id, i) => store.update(USER, [{ id, patch: { jobTitle: `T${i}` } }])),
      ...Array.from({ length: 6 }, (_, i) => store.findByLnKey(USER, folderId, `C00001${i}`)),
    ]);
    assert.equal(sim.requests.filter((r) => r.status === 429).length, 0, 'the simulator never had to throttle');
    assert.ok(sim.peakConcurrency(USER) <= 4, `peak ${sim.peakConcurrency(USER)}`);
  });

  it('the simulator would throttle a client allowed more than 4 at once (the check above is meaningful)', async () => {
    const greedy = makeStore(16);
    const round = await store.delta(USER, folderId, undefined);
    sim.resetRequests();
    // With instant retries some calls may even exhaust their retries; only the 429s matter here.
    await Promise.allSettled(round.changed.slice(0, 24).map((s) => greedy.locate(USER, folderId, s.id)));
    assert.ok(sim.requests.some((r) => r.status === 429), 'some request was throttled');
  });

  it('reports an expired delta link as a non-transient 410 so the caller can restart with a full round', async () => {
    const round = await store.delta(OTHER, await store.ensureSyncFolder(OTHER, 'LN Contacts'), undefined);
    sim.expireDeltaTokens(OTHER);
    const err = await store.delta(OTHER, await store.ensureSyncFolder(OTHER, 'LN Contacts'), round.deltaLink).catch((e: unknown) => e);
    assert.equal((err as { status?: number }).status, 410);
    assert.equal((err as { code?: string }).code, 'SyncStateNotFound');
  });

  it('asks for the configured delta page size next to the ImmutableId preference', async () => {
    const paged = new GraphContactStore(createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep }), { sleep, pageSize: 25 });
    const round = await paged.delta(USER, folderId, undefined);
    const pages = sim.requests.filter((r) => r.path.endsWith('/contacts/delta'));
    assert.ok(round.changed.length > 25);
    assert.equal(pages.length, Math.ceil(round.changed.length / 25));
    await store.delta(USER, folderId, undefined);
    assert.match(sim.requests.filter((r) => r.path.endsWith('/contacts/delta')).at(-1)?.headers['prefer'] ?? '', /odata\.maxpagesize=200/, 'without a setting, the largest page Graph allows');
    for (const p of pages) assert.equal(p.headers['prefer'], 'IdType="ImmutableId", odata.maxpagesize=25');
  });

  it('B-I1: a $batch whose answer is lost reports transient failures, and findByLnKey then finds the written items', async () => {
    sim.faults.dropResponseAfterWrite(1);
    const results = await store.create(USER, folderId, [contactNo(601), contactNo(602)]);
    for (const r of results) {
      assert.equal(r.ok, false);
      assert.equal(!r.ok && (r.error as { transient?: boolean }).transient, true);
    }
    assert.equal((await store.findByLnKey(USER, folderId, 'C000601'))?.fields.givenName, 'Given601');
    assert.equal((await store.findByLnKey(USER, folderId, 'C000602'))?.fields.givenName, 'Given602');
  });

  it('B-I8: delta reports an item still at the version its link recorded as unchanged, without reading it; a newer version is read', async () => {
    const [a, b] = (await store.create(USER, folderId, [contactNo(301), contactNo(302)])).map((r) => {
      assert.ok(r.ok);
      return r.value;
    });
    const fresh = new GraphContactStore(createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep }), { sleep }); // another process: no own-write memory
    sim.updateContactAsUser(USER, b!.id, { jobTitle: 'Edited in Outlook' });
    const known = new Map([[a!.id, a!.state], [b!.id, b!.state]]);
    sim.resetRequests();
    const round = await fresh.delta(USER, folderId, undefined, (id) => known.get(id));
    assert.ok(round.unchanged?.includes(a!.id), 'the item at its recorded version is unchanged');
    assert.equal(round.changed.some((s) => s.id === a!.id), false);
    assert.equal(round.changed.find((s) => s.id === b!.id)?.fields.jobTitle, 'Edited in Outlook', 'the edited one is read');
    const readsById = sim.requests.filter((r) => r.batch && r.method === 'GET').map((r) => r.path);
    assert.equal(readsById.some((p) => p.includes(a!.id)), false, 'the unchanged item was not read by id');
    assert.equal(readsById.some((p) => p.includes(b!.id)), true);
  });

  it('fields empty on create stay empty when read back', async () => {
    const [made] = await store.create(OTHER, await store.ensureSyncFolder(OTHER, 'LN Contacts'), [{ lnKey: 'E1', fields: { ...emptyContact(), surname: 'Only' } }]);
    assert.ok(made?.ok);
    assert.deepEqual(made.value.fields, { ...emptyContact(), surname: 'Only' });
  });
});
