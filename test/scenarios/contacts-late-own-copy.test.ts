// B-I7 / B-C5: a person another sync user brought into LN reaches this mailbox from LN just before the user's own
// Outlook copy of the same person is seen; the service's copy gives way, so the mailbox keeps one copy, the user's.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from './sync-world';

it('B-I7/B-C5: the service\'s copy of an LN person gives way to the user\'s own copy seen a run later: one copy, the user\'s, linked', async () => {
  const world = await contactWorld();
  await world.run();
  world.ln.putContact({ Contact: 'P1', FirstName: 'Pat', LastName: 'Race', Email: 'pat.race@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  const ours = world.folderContacts().find((c) => c['givenName'] === 'Pat');
  assert.ok(ours, 'the service created its copy from LN');
  const own = world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Pat', surname: 'Race', mobilePhone: '+31 6 1234 5678', emailAddresses: [{ address: 'pat.race@example.com' }] });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  await world.settle();
  const copies = world.folderContacts().filter((c) => c['givenName'] === 'Pat');
  assert.deepEqual(copies.map((c) => c['id']), [own.id], 'one copy left: the user\'s own');
  assert.equal((await world.services.links.get(ADELE, 'contact', 'P1'))?.exchangeId, own.id, 'linked to the LN person');
  assert.equal(world.ln.listContacts().filter((c) => c.Email.toLowerCase() === 'pat.race@example.com').length, 1, 'no second LN contact');
  assert.equal(world.ln.listContacts().find((c) => c.Contact === 'P1')?.MobilePhone, '+31 6 1234 5678', 'what the user added reaches LN');
});
