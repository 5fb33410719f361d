// What a contact pull costs in Graph requests: the service's own writes are not read back by id, and an
// incremental pull with nothing changed is one delta request (the sync folder id is kept with the cursor) (B-I8, B-N4).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADELE, contactWorld } from './sync-world';

it('B-I8: a first sync reads none of its own creates back by id, and an unchanged incremental pull costs one Graph request', async () => {
  const w = await contactWorld({ graphLatencyMs: 1 });
  for (let i = 1; i <= 45; i++) w.ln.putContact({ Contact: `R${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `r${i}@example.com`, BusinessPartner: 'BP0000001', Synchronize: true });
  const first = await w.run(ADELE);
  assert.equal(first.toExchange.created, 45);
  const readsById = w.graph.requests.filter((r) => r.method === 'GET' && r.batch === true && /\/contacts\/[^/]+$/.test(r.path));
  assert.equal(readsById.length, 0, 'the delta pass after the writes recognized them as the service\'s own');
  assert.equal(w.folderContacts().length, 45);

  w.graph.resetRequests();
  const quiet = await w.run(ADELE);
  assert.equal(quiet.writes, 0);
  const graphCalls = w.graph.requests.filter((r) => !r.batch);
  assert.deepEqual(graphCalls.map((r) => r.path.split('/').slice(-1)[0]), ['delta'], 'one delta request, no folder lookup');

  w.graph.updateContactAsUser(ADELE, String(w.folderContacts()[0]?.['id']), { jobTitle: 'Edited in Outlook' });
  w.graph.resetRequests();
  const edited = await w.run(ADELE);
  assert.equal(edited.toLn.updated, 1, 'an Outlook edit is still read and synchronized');
});

it('B-I4/B-I8: LN updates are patched without reading the contacts first (within 1.1 × the batching bound), and a phone added in Outlook survives', async () => {
  const w = await contactWorld({ graphLatencyMs: 1 });
  for (let i = 1; i <= 46; i++) w.ln.putContact({ Contact: `U${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `u${i}@example.com`, OfficePhone: `+31 20 ${i}`, BusinessPartner: 'BP0000001', Synchronize: true });
  await w.settle(ADELE);
  // B-C6: the user adds a second business phone in Outlook; the pull sees nothing mapped changed
  const edited = w.folderContacts().find((c) => c['givenName'] === 'First46')!;
  w.graph.updateContactAsUser(ADELE, String(edited['id']), { businessPhones: ['+31 20 46', '+31 6 99'] });
  await w.settle(ADELE);

  for (let i = 1; i <= 45; i++) w.ln.updateContact(`U${i}`, { LastName: `Changed${i}` });
  w.graph.resetRequests();
  const run = await w.run(ADELE);
  assert.equal(run.toExchange.updated, 45);
  assert.equal(run.errors.length, 0);
  const http = w.graph.requests.filter((r) => !r.batch);
  const bound = Math.ceil(45 / 20) + http.filter((r) => r.path.endsWith('/delta')).length;
  assert.ok(http.length <= 1.1 * bound, `Graph requests ${http.length}, batching bound ${bound}`);
  const readsById = () => w.graph.requests.filter((r) => r.method === 'GET' && r.batch === true && /\/contacts\/[^/]+$/.test(r.path));
  assert.equal(readsById().length, 0, 'no contact read before its patch');

  // the contact edited in Outlook since its link was recorded is read first (its change key no longer matches)
  w.ln.updateContact('U46', { LastName: 'Changed46' });
  w.graph.resetRequests();
  assert.equal((await w.run(ADELE)).toExchange.updated, 1);
  assert.equal(readsById().length, 1);
  const after = w.folderContacts().find((c) => c['givenName'] === 'First46');
  assert.equal(after?.['surname'], 'Changed46');
  assert.deepEqual(after?.['businessPhones'], ['+31 20 46', '+31 6 99'], 'the phone added in Outlook is kept');
});
