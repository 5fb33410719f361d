// Contacts flowing from LN to Exchange end to end: B-C1, B-C2, B-C7, B-C8.
// LN simulator ⇄ real LN client, Graph simulator ⇄ real Graph client, sync state in Azurite.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from './contact-world';

describe('contacts LN → Exchange', async () => {
  const world = await contactWorld({ lnSeed: { contacts: [] } });

  it('B-C1: a sync-group contact appears in the sync folder; one outside the group does not', async () => {
    world.ln.putContact({ Contact: 'C100', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.example', BusinessPartner: 'BP0000001', Synchronize: true });
    world.ln.putContact({ Contact: 'C101', FirstName: 'Not', LastName: 'Synced', Email: 'no@example.com', BusinessPartner: 'BP0000001', Synchronize: false });
    const report = await world.run(ADELE);
    assert.equal(report.errors.length, 0, JSON.stringify(report.errors));
    const contacts = world.folderContacts();
    assert.equal(contacts.length, 1);
    const c = contacts[0]!;
    assert.equal(c['givenName'], 'Ada');
    assert.equal(c['surname'], 'Lovelace');
    assert.equal(c['companyName'], 'Contoso Ltd');
    assert.deepEqual((c['emailAddresses'] as Array<{ address: string }>).map((e) => e.address), ['ada@analytical.example']);
    assert.equal(report.toExchange.created, 1);
  });
});
