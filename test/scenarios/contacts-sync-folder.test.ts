// The sync folder is found by the id stored with the cursor first: a folder the user renames in Outlook keeps
// synchronizing under its new name, with no second "LN Contacts" folder and no second copy of any contact.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from './sync-world';

it('B-C1: a sync folder renamed in Outlook keeps synchronizing, without a new folder or a duplicate', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.settle();
  const folderId = world.syncFolderId();
  world.graph.renameContactFolderAsUser(ADELE, folderId, 'My CRM people');
  world.ln.putContact({ Contact: 'C2', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  await world.settle();
  assert.deepEqual(world.graph.folders(ADELE).filter((f) => f.kind === 'contacts').map((f) => f.displayName).sort(), ['Contacts', 'My CRM people'], 'no new sync folder');
  const names = world.graph.listContacts(ADELE, folderId).map((c) => c['surname']).sort();
  assert.deepEqual(names, ['Hopper', 'Lovelace'], 'the renamed folder got the new contact, and nothing twice');
});
