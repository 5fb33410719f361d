// Contacts flowing from LN to Exchange end to end: B-C1, B-C2, B-C7, B-C8.
// LN simulator ⇄ real LN client, Graph simulator ⇄ real Graph client, sync state in Azurite.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, contactWorld } from './sync-world';
import { byEmail, deletedItemsId, emailOf, writeRequests } from './contact-assertions';

it('B-C1: sync-group contacts reach every sync user’s sync folder; others do not; a rerun writes nothing', async () => {
  const world = await contactWorld({ users: [ADELE, MEGAN] });
  world.ln.putContact({ Contact: 'C100', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.example', BusinessPartner: 'BP0000001', Synchronize: true });
  world.ln.putContact({ Contact: 'C101', FirstName: 'Not', LastName: 'Synced', Email: 'no@example.com', BusinessPartner: 'BP0000001', Synchronize: false });
  for (const user of [ADELE, MEGAN]) {
    const report = await world.run(user);
    assert.deepEqual(report.errors, []);
    assert.equal(report.toExchange.created, 1);
    assert.deepEqual(world.folderContacts(user).map(emailOf), ['ada@analytical.example']);
  }
  world.ln.updateContact('C100', { JobTitle: 'Countess' });
  const incremental = await world.run(ADELE);
  assert.equal(incremental.full, false, 'second run is incremental');
  assert.equal(incremental.toExchange.updated, 1);
  assert.equal(world.folderContacts(ADELE)[0]?.['jobTitle'], 'Countess');
  world.graph.resetRequests();
  const quiet = await world.run(ADELE);
  assert.equal(quiet.writes, 0);
  assert.deepEqual(writeRequests(world.graph.requests), []);
});

it('B-C1: the daily full reconciliation catches a deletion the watermark missed', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Gone', LastName: 'Later', Email: 'gone@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  world.ln.deleteContact('C1');
  world.ln.state.set('tcapi.comContact', 'DeletedContacts').store.delete('C1'); // the tombstone never reaches the service
  const missed = await world.run();
  assert.equal(missed.toExchange.deleted, 0, 'an incremental run cannot see it');
  const cursor = await world.services.cursors.get(ADELE, 'contacts');
  assert.ok(cursor);
  await world.services.cursors.put({ ...cursor, lastFullSync: new Date(Date.now() - 25 * 3_600_000).toISOString() });
  const full = await world.run();
  assert.equal(full.full, true);
  assert.equal(full.toExchange.deleted, 1);
  assert.equal(world.folderContacts().length, 0);
});

it('B-C2: every mapped field reaches Exchange; country and language go through their ISO codes', async () => {
  const world = await contactWorld();
  world.ln.putContact({
    Contact: 'C200', FirstName: 'Grace', MiddleName: 'B.', LastName: 'Hopper', Title: 'Dr.', JobTitle: 'Rear Admiral',
    Email: 'grace@navy.example', OfficePhone: '+1 555 0100', MobilePhone: '+1 555 0101', HomePhone: '+1 555 0102', Fax: '+1 555 0103',
    Language: 'NLD', BusinessPartner: 'BP0000002', Synchronize: true,
    WorkAddress: { Street: 'Damrak', HouseNumber: '1', City: 'Amsterdam', ZIPCode: '1012 LG', State: 'NH', Country: 'NLD' },
  });
  const report = await world.run();
  assert.deepEqual(report.warnings, []);
  const [c] = world.folderContacts();
  assert.ok(c);
  assert.equal(c['givenName'], 'Grace');
  assert.equal(c['middleName'], 'B.');
  assert.equal(c['surname'], 'Hopper');
  assert.equal(c['title'], 'Dr.');
  assert.equal(c['jobTitle'], 'Rear Admiral');
  assert.equal(c['companyName'], 'Fabrikam BV');
  assert.deepEqual(c['businessPhones'], ['+1 555 0100']);
  assert.equal(c['mobilePhone'], '+1 555 0101');
  assert.deepEqual(c['homePhones'], ['+1 555 0102']);
  assert.deepEqual(c['businessAddress'], { street: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', state: 'NH', countryOrRegion: 'Netherlands' });
  const snap = (await world.services.exchangeContacts.findByLnKey(ADELE, world.syncFolderId(), 'C200'));
  assert.equal(snap?.fields.fax, '+1 555 0103');
  assert.equal(snap?.fields.language, 'nl');
  assert.equal(snap?.fields.country, 'NL');
});

it('B-C2: a contact whose language or country has no ISO code syncs without that field, reported once per code', async () => {
  const world = await contactWorld();
  for (const key of ['C1', 'C2']) {
    world.ln.putContact({ Contact: key, FirstName: key, LastName: 'Klingon', Email: `${key}@qonos.example`, Language: 'TLH', BusinessPartner: 'BP0000001', Synchronize: true, WorkAddress: { City: 'Willemstad', Country: 'ANT' } });
  }
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.equal(world.folderContacts().length, 2, 'synchronized anyway');
  assert.deepEqual([...report.warnings].sort(), ["country 'ANT' has no ISO code", "language 'TLH' has no ISO code"]);
  const c = world.folderContacts()[0];
  assert.equal((c?.['businessAddress'] as { countryOrRegion?: string } | undefined)?.countryOrRegion ?? '', '');
});

it('B-C7: deleted in LN ⇒ the copy goes to Deleted Items; a copy moved out of the sync folder is left alone', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Del', LastName: 'Eted', Email: 'deleted@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.ln.putContact({ Contact: 'C2', FirstName: 'Kept', LastName: 'Elsewhere', Email: 'kept@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  const other = world.graph.createContactFolderAsUser(ADELE, 'Private');
  const kept = byEmail(world.folderContacts(), 'kept@example.com');
  world.graph.moveContactAsUser(ADELE, String(kept?.['id']), other);
  await world.run();
  world.ln.deleteContact('C1');
  world.ln.deleteContact('C2');
  const report = await world.run();
  assert.equal(report.toExchange.deleted, 1);
  assert.equal(world.folderContacts().length, 0);
  const trash = world.graph.listContacts(ADELE, deletedItemsId(world.graph, ADELE));
  assert.deepEqual(trash.map(emailOf), ['deleted@example.com'], 'recoverable, not purged');
  assert.deepEqual(world.graph.listContacts(ADELE, other).map(emailOf), ['kept@example.com']);
  assert.equal(await world.services.links.get(ADELE, 'contact', 'C1'), undefined);
  assert.equal(await world.services.links.get(ADELE, 'contact', 'C2'), undefined);
});

it('B-C8: Synchronize cleared in LN ⇒ the copy leaves the sync folder, the link is dropped, LN keeps the contact', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Leaving', LastName: 'Group', Email: 'leaving@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  world.ln.updateContact('C1', { Synchronize: false });
  const report = await world.run();
  assert.equal(report.toExchange.deleted, 1);
  assert.equal(world.folderContacts().length, 0);
  assert.deepEqual(world.graph.listContacts(ADELE, deletedItemsId(world.graph, ADELE)).map(emailOf), ['leaving@example.com']);
  assert.ok(world.ln.getContact('C1'), 'nothing deleted in LN');
  assert.equal(await world.services.links.get(ADELE, 'contact', 'C1'), undefined);
  world.ln.updateContact('C1', { Synchronize: true });
  await world.run();
  assert.deepEqual(world.folderContacts().map(emailOf), ['leaving@example.com'], 'rejoining the group brings it back');
});
