// Volume: 2,000 contacts synchronized once, then again in full, must cost no write on either side.
// Proves change detection by content hash at scale (the timing figures live in `npm run bench`).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from './sync-world';
import { writeRequests } from './contact-assertions';

it('B-C6: syncing 2,000 unchanged contacts a second time sends no write to either side', async () => {
  const world = await contactWorld({ lnPageSize: 500, graphPageSize: 500 });
  for (let i = 1; i <= 2000; i++) {
    world.ln.putContact({
      Contact: `C${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `c${i}@example.com`, BusinessPartner: i % 2 ? 'BP0000001' : 'BP0000002',
      OfficePhone: `+31 20 ${i}`, Language: 'NLD', Synchronize: true, WorkAddress: { Street: 'Damrak', HouseNumber: String(i), City: 'Amsterdam', Country: 'NLD' },
    });
  }
  const first = await world.run();
  assert.deepEqual(first.errors, []);
  assert.equal(first.toExchange.created, 2000);
  const lnBefore = world.ln.requests.length;
  world.graph.resetRequests();
  const again = await world.run(ADELE, { full: true });
  assert.equal(again.full, true);
  assert.equal(again.writes, 0);
  assert.deepEqual(writeRequests(world.graph.requests), [], 'no Graph write');
  assert.deepEqual(writeRequests(world.ln.requests.slice(lnBefore)), [], 'no LN write');
  assert.equal(world.folderContacts().length, 2000);
});
