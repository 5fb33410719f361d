// Exchange's per-mailbox throttling over real HTTP: the client's per-mailbox budget counts $batch parts,
// and a batch whose parts are partly throttled is completed by re-sending only those parts (B-I4, B-I8).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { normalizeContact } from '../../shared/domain/contact';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { GraphContactStore } from '../../shared/graph/graph-contact-store';
import { StaticTokenCredential } from '../../shared/graph/static-token-credential';
import type { ContactCreate } from '../../shared/sync/ports/exchange-contact-port';
import { startGraphSimulator, type GraphSimulator } from '../simulators/graph/graph-simulator';

const USER = 'anna@contoso.example';

const contactNo = (n: number): ContactCreate => ({
  lnKey: `K${String(n).padStart(6, '0')}`,
  fields: normalizeContact({ givenName: `Given${n}`, surname: `Surname${n}`, email: `k${n}@acme.example` }),
});

describe('Graph throttling: per-mailbox budget and throttled parts', () => {
  let sim: GraphSimulator;
  let store: GraphContactStore;
  let folderId: string;
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.min(ms, 10)));

  before(async () => {
    sim = await startGraphSimulator({ mailboxes: [USER], latencyMs: 15 });
    store = new GraphContactStore(createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep }), { sleep });
    folderId = await store.ensureSyncFolder(USER, 'LN Contacts');
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.resetRequests();
    sim.resetConcurrency();
    sim.faults.clear();
  });

  it('B-I4 B-I8: two jobs writing and reading one mailbox at once never have more than 4 requests or batch parts in flight', async () => {
    const [a, b] = await Promise.all([
      store.create(USER, folderId, Array.from({ length: 60 }, (_, i) => contactNo(i))),
      store.create(USER, folderId, Array.from({ length: 60 }, (_, i) => contactNo(100 + i))),
      store.delta(USER, folderId, undefined),
      store.findByLnKey(USER, folderId, 'K000001'),
    ]);
    assert.equal([...a, ...b].filter((r) => r.ok).length, 120);
    const parts = sim.requests.filter((r) => r.batch).length;
    assert.ok(parts >= 120, `${parts} parts`);
    assert.equal(sim.concurrencyRefusals(USER), 0, 'the mailbox never had to refuse a request or part');
    assert.equal(sim.peakConcurrency(USER), 4, 'the budget is used, not exceeded');
  });

  it('B-I4: the simulator refuses parts over 4 at once inside one batch from a client that counts a batch as one request', async () => {
    const greedy = createGraphClient({ baseUrl: sim.baseUrl, credential: new StaticTokenCredential(sim.token), sleep, maxRetries: 0 });
    const requests = Array.from({ length: 12 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${USER}/contactFolders/${folderId}` }));
    // Two batches at once: the client budget lets them through one after another, so nothing is refused...
    await Promise.all([greedy.api('/$batch').post({ requests }), greedy.api('/$batch').post({ requests })]);
    assert.equal(sim.concurrencyRefusals(USER), 0);
    // ...while the same parts with a fifth request already running in the mailbox meet 429s of their own.
    const unbudgeted = startAround(sim, requests);
    const answers = await unbudgeted;
    assert.ok(answers.some((r) => r.status === 429 && r.headers['Retry-After'] !== undefined), 'a part was throttled inside the batch with Retry-After');
    assert.ok(answers.some((r) => r.status === 200), 'the other parts ran');
  });

  it('B-I8: a batch whose parts are partly throttled completes with only the throttled parts re-sent', async () => {
    sim.faults.failNext(3, 429, { method: 'POST', pathIncludes: '/contacts', retryAfterSeconds: 2 });
    const items = Array.from({ length: 12 }, (_, i) => contactNo(500 + i));
    const results = await store.create(USER, folderId, items);
    assert.ok(results.every((r) => r.ok), 'every item was written');
    const parts = sim.requests.filter((r) => r.batch && r.method === 'POST');
    assert.equal(parts.filter((p) => p.status === 429).length, 3);
    assert.equal(parts.length, 15, '12 parts, then the 3 throttled ones alone');
    const envelopes = sim.requests.filter((r) => !r.batch && r.path.endsWith('/$batch'));
    assert.equal(envelopes.length, 2);
    const resent = (envelopes[1]!.body as { requests: unknown[] }).requests;
    assert.equal(resent.length, 3, 'the second batch carries only the throttled parts');
    const names = new Set(items.map((i) => i.fields.givenName));
    const written = sim.listContacts(USER, folderId).filter((c) => names.has(String(c['givenName'])));
    assert.equal(written.length, 12, 'no item written twice');
  });
});

/** Sends a 12-part batch straight to the simulator while one plain request holds a slot of the mailbox. */
async function startAround(sim: GraphSimulator, requests: Array<Record<string, unknown>>): Promise<Array<{ status: number; headers: Record<string, string> }>> {
  const headers = { Authorization: `Bearer ${sim.token}`, 'Content-Type': 'application/json' };
  const batch = fetch(`${sim.baseUrl}/$batch`, { method: 'POST', headers, body: JSON.stringify({ requests }) });
  const plain = fetch(`${sim.baseUrl}/users/${USER}/contactFolders`, { headers });
  const [answer] = await Promise.all([batch, plain]);
  return ((await answer.json()) as { responses: Array<{ status: number; headers: Record<string, string> }> }).responses;
}
