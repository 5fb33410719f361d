// B-C12 end to end: a value longer than its LN field (business partner Name, 35 characters) is shortened to fit,
// the item still synchronizes, the run does not fail, and status warns about that item.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from './sync-world';

it('B-C12: an Outlook company name longer than the 35-character business partner Name is shortened with a warning; the contact synchronizes and later runs are quiet', async () => {
  const world = await contactWorld();
  await world.run();
  const company = 'Contoso Worldwide Holdings International Limited';
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Long', surname: 'Company', emailAddresses: [{ address: 'long@example.com' }], companyName: company });
  const report = await world.run();
  assert.deepEqual(report.errors, [], 'the run does not fail');
  assert.equal(report.toLn.created, 1, 'the contact is created in LN');
  const account = world.ln.listBusinessPartners().find((bp) => company.startsWith(bp.Name) && bp.Name.length > 20);
  assert.equal(account?.Name, company.slice(0, 35).trimEnd(), 'the account name is shortened to fit');
  assert.equal(world.ln.listContacts().find((c) => c.Email === 'long@example.com')?.BusinessPartner, account.BusinessPartner);
  assert.ok(report.warnings.some((w) => /B-C12/.test(w) && w.includes('long@example.com')), `a warning names the item: ${report.warnings.join('; ')}`);
  await world.settle();
  assert.equal(world.folderContacts().length, 1, 'no duplicate');
});
