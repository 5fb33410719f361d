// Every request body the service sends to Graph during contact synchronization conforms to Microsoft's OpenAPI
// description (PersonalContacts.yml), including each sub-request of a $batch; every request asks for immutable ids.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from '../scenarios/sync-world';
import { loadGraphOpenApi } from '../simulators/graph/openapi-validator';

it('B-I4: request bodies sent for contacts agree with PersonalContacts.yml and carry Prefer IdType="ImmutableId"', async () => {
  const world = await contactWorld();
  world.ln.putContact({
    Contact: 'C1', FirstName: 'Full', LastName: 'Fields', Title: 'Ms.', JobTitle: 'Lead', Email: 'full@example.com', OfficePhone: '1', MobilePhone: '2', HomePhone: '3', Fax: '4',
    Language: 'DEU', BusinessPartner: 'BP0000001', Synchronize: true, WorkAddress: { Street: 'Unter den Linden', HouseNumber: '5', City: 'Berlin', ZIPCode: '10117', Country: 'DEU' },
  });
  world.ln.putContact({ Contact: 'C2', FirstName: 'To', LastName: 'Delete', Email: 'del@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'From', surname: 'Outlook', emailAddresses: [{ address: 'fo@example.com' }] });
  world.ln.updateContact('C1', { JobTitle: 'Head', WorkAddress: { City: 'Potsdam' }, Fax: '' });
  world.ln.deleteContact('C2');
  await world.settle();
  const api = loadGraphOpenApi(['PersonalContacts.yml']);
  const sent = world.graph.requests.filter((r) => r.body !== undefined && r.body !== null && !r.path.endsWith('/$batch'));
  assert.ok(sent.some((r) => r.method === 'POST' && r.path.includes('/contacts')), 'contacts were created');
  assert.ok(sent.some((r) => r.method === 'PATCH'), 'contacts were updated');
  for (const r of sent) {
    assert.deepEqual(api.validateRequest({ method: r.method, path: r.path, body: r.body }), [], `${r.method} ${r.path}`);
  }
  const direct = world.graph.requests.filter((r) => !r.path.endsWith('/$batch'));
  for (const r of direct) assert.match(r.headers['prefer'] ?? '', /IdType="ImmutableId"/, `${r.method} ${r.path} asks for immutable ids`);
});
