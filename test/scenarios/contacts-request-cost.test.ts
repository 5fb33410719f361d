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
