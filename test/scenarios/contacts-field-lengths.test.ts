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

const c12 = (warnings: readonly string[]): string[] => warnings.filter((w) => w.startsWith('B-C12'));

it('B-C12: an Outlook contact with an over-long first name and job title lands in LN cut to the $metadata facets with one warning; a second run writes and warns nothing', async () => {
  const world = await contactWorld();
  await world.run();
  const givenName = 'Maximiliana-Alexandrina Konstantina-Wilhelmina';
  const jobTitle = 'Senior Vice President Global Procurement and Supply Chain';
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName, surname: 'Lang', jobTitle, emailAddresses: [{ address: 'lang@example.com' }] });
  const first = await world.run();
  assert.deepEqual(first.errors, [], 'the run does not fail');
  assert.equal(first.toLn.created, 1);
  const stored = world.ln.listContacts().find((c) => c.Email === 'lang@example.com');
  assert.equal(stored?.FirstName, givenName.slice(0, 35).trimEnd(), 'FirstName cut to its 35-character facet');
  assert.equal(stored?.JobTitle, jobTitle.slice(0, 30).trimEnd(), 'JobTitle cut to its 30-character facet');
  const warnings = c12(first.warnings);
  assert.equal(warnings.length, 1, `one warning for the item: ${warnings.join(' | ')}`);
  assert.match(warnings[0] ?? '', /lang@example\.com.*FirstName \(35 characters\).*JobTitle \(30 characters\)/);
  assert.ok(world.ln.requests.some((r) => r.method === 'GET' && r.path.endsWith('/tcapi.comContact/$metadata')), 'the lengths come from $metadata');

  const second = await world.run();
  assert.equal(second.writes, 0, 'the shortened values are not rewritten');
  assert.deepEqual(c12(second.warnings), [], 'nothing new is warned');
  assert.equal(world.folderContacts()[0]?.['jobTitle'], jobTitle, 'Outlook keeps its full value');
});

it('B-C12: an over-long job title edited in Outlook is cut on the LN update with one warning, then runs are quiet', async () => {
  const world = await contactWorld();
  await world.run();
  const created = world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Ed', surname: 'It', jobTitle: 'Buyer', emailAddresses: [{ address: 'edit@example.com' }] });
  await world.settle();
  const jobTitle = 'Head of Strategic Sourcing for Northern and Eastern Europe';
  world.graph.updateContactAsUser(ADELE, String(created['id']), { jobTitle });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.equal(report.toLn.updated, 1);
  const key = world.ln.listContacts().find((c) => c.Email === 'edit@example.com')?.Contact ?? '';
  assert.equal(world.ln.getContact(key)?.JobTitle, jobTitle.slice(0, 30).trimEnd());
  assert.deepEqual(c12(report.warnings), [`B-C12: contact ${key} had values longer than LN's fields, shortened to fit: JobTitle (30 characters)`]);
  const after = await world.settle();
  assert.equal(after.at(-1)?.writes, 0);
  assert.deepEqual(after.flatMap((r) => c12(r.warnings)), []);
});

it('B-C12: the client follows the facet LN serves, not a built-in number: with JobTitle shrunk to 12 the value is cut to 12', async () => {
  const world = await contactWorld();
  world.ln.fieldLengths.set('tcapi.comContact', 'Contacts', 'JobTitle', 12);
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Small', surname: 'Field', jobTitle: 'Account Manager', emailAddresses: [{ address: 'small@example.com' }] });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.equal(world.ln.listContacts().find((c) => c.Email === 'small@example.com')?.JobTitle, 'Account Mana');
  assert.match(c12(report.warnings).join(), /JobTitle \(12 characters\)/);
});

it('B-C12: a field LN shortens after the lengths were read is refused once (400), then read again from $metadata and cut to the new facet', async () => {
  const world = await contactWorld();
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Early', surname: 'Bird', jobTitle: 'Buyer', emailAddresses: [{ address: 'early@example.com' }] });
  await world.settle();
  world.ln.fieldLengths.set('tcapi.comContact', 'Contacts', 'JobTitle', 10);
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Late', surname: 'Comer', jobTitle: 'Purchasing Agent', emailAddresses: [{ address: 'late@example.com' }] });
  const refused = await world.run();
  assert.equal(refused.errors.length, 1, 'LN refuses the value the old length allowed');
  assert.match(refused.errors[0]?.message ?? '', /JobTitle is longer than its 10 characters/);
  const retried = await world.run(ADELE, { full: true });
  assert.deepEqual(retried.errors, []);
  assert.equal(world.ln.listContacts().find((c) => c.Email === 'late@example.com')?.JobTitle, 'Purchasing', 'cut to the new 10-character facet');
});

it('B-C12: without $metadata (404) the known limits of ln-api.md still apply: a long company name gets a 35-character account', async () => {
  const world = await contactWorld();
  world.ln.setMetadataDocument('tcapi.comContact', null);
  world.ln.setMetadataDocument('tcapi.comBusinessPartner', null);
  await world.run();
  const company = 'Northwind Traders Intercontinental Logistics Group';
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'No', surname: 'Meta', companyName: company, emailAddresses: [{ address: 'nometa@example.com' }] });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.ok(world.ln.listBusinessPartners().some((bp) => bp.Name === company.slice(0, 35).trimEnd()));
  assert.match(c12(report.warnings).join(), /nometa@example\.com.*company name \(35 characters/);
});

it('B-C12: a malformed $metadata does not stop writes: the known limits apply and the run says why, once', async () => {
  const world = await contactWorld();
  world.ln.setMetadataDocument('tcapi.comContact', '<edmx:Edmx Version="4.0"><edmx:DataServices><Schema Namespace="x">');
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Bad', surname: 'Doc', emailAddresses: [{ address: 'bad@example.com' }] });
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Also', surname: 'Fine', emailAddresses: [{ address: 'also@example.com' }] });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.ok(world.ln.listContacts().some((c) => c.Email === 'bad@example.com'), 'written all the same');
  assert.ok(world.ln.listContacts().some((c) => c.Email === 'also@example.com'));
  const notices = report.warnings.filter((w) => /tcapi\.comContact\/\$metadata could not be used.*not well-formed XML/.test(w));
  assert.equal(notices.length, 1, `one notice: ${report.warnings.join(' | ')}`);
});

it('B-C12: an LN that refuses $metadata as a request (400, 501) keeps synchronizing with the known limits', async () => {
  const world = await contactWorld();
  world.ln.faults.failNext(1, 400, { pathIncludes: 'tcapi.comContact/$metadata' });
  world.ln.faults.failNext(1, 501, { pathIncludes: 'tcapi.comBusinessPartner/$metadata' });
  await world.run();
  const company = 'A Company Name Far Longer Than Thirty-Five Characters';
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'No', surname: 'Meta', companyName: company, emailAddresses: [{ address: 'refused@example.com' }] });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.ok(world.ln.listContacts().some((c) => c.Email === 'refused@example.com'));
  assert.ok(world.ln.listBusinessPartners().some((bp) => bp.Name === company.slice(0, 35).trimEnd()), 'the known 35 characters of an account name still apply');
  assert.equal(report.warnings.filter((w) => w.includes('$metadata could not be used')).length, 2, 'one notice per service');
});
