// Contacts made or changed in Outlook, end to end: B-C3, B-C4, B-C5, B-C6, B-C9, B-C10, B-C11.
// Outlook users act through the Graph simulator's mailbox API; LN users through the LN simulator.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld } from './sync-world';
import { byEmail, emailOf } from './contact-assertions';

function outlookContact(first: string, last: string, email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { givenName: first, surname: last, ...(email ? { emailAddresses: [{ address: email, name: `${first} ${last}` }] } : {}), ...extra };
}

function lnByEmail(world: Awaited<ReturnType<typeof contactWorld>>, email: string) {
  return world.ln.listContacts().filter((c) => c.Email.toLowerCase() === email.toLowerCase());
}

it('B-C3: an Outlook contact lands in LN in the sync group with ExternalReference; its account follows the company name', async () => {
  const world = await contactWorld();
  await world.run(); // creates the sync folder
  const folder = world.syncFolderId();
  world.graph.createContactAsUser(ADELE, folder, outlookContact('Exact', 'Match', 'exact@example.com', { companyName: 'Contoso Ltd', jobTitle: 'Buyer' }));
  world.graph.createContactAsUser(ADELE, folder, outlookContact('New', 'Company', 'new@example.com', { companyName: 'Northwind Traders' }));
  world.graph.createContactAsUser(ADELE, folder, outlookContact('No', 'Company', 'nocompany@example.com'));
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.equal(report.toLn.created, 3);
  const bps = world.ln.listBusinessPartners();
  const bpNamed = (name: string) => bps.filter((b) => b.Name === name);
  const [exact] = lnByEmail(world, 'exact@example.com');
  assert.equal(exact?.BusinessPartner, 'BP0000001', 'linked to the existing account whose name matches exactly');
  assert.equal(exact?.Synchronize, true);
  assert.equal(exact?.JobTitle, 'Buyer');
  assert.match(exact?.ExternalReference ?? '', /^EX-/);
  assert.equal(bpNamed('Northwind Traders').length, 1, 'a new account named after the company');
  assert.equal(lnByEmail(world, 'new@example.com')[0]?.BusinessPartner, bpNamed('Northwind Traders')[0]?.BusinessPartner);
  assert.equal(bpNamed('No Company').length, 1, 'no company: account named "First Last"');
  const quiet = await world.run();
  assert.equal(quiet.writes, 0);
  assert.equal(world.ln.listContacts().length, 3, 'no duplicates in LN');
  assert.equal(world.folderContacts().length, 3, 'no duplicates in Exchange');
});

it('B-C4: after the first sync, a company edit in Outlook is not sent to LN; other fields are', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Firm', LastName: 'Account', Email: 'firm@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  const copy = byEmail(world.folderContacts(), 'firm@example.com');
  world.graph.updateContactAsUser(ADELE, String(copy?.['id']), { companyName: 'Someone Else Inc', jobTitle: 'Director' });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  const ln = world.ln.getContact('C1');
  assert.equal(ln?.BusinessPartner, 'BP0000001');
  assert.equal(ln?.JobTitle, 'Director');
  assert.equal(world.ln.listBusinessPartners().some((b) => b.Name === 'Someone Else Inc'), false);
  assert.equal(byEmail(world.folderContacts(), 'firm@example.com')?.['companyName'], 'Someone Else Inc', 'the Outlook value stays');
  assert.equal((await world.run()).writes, 0, 'the difference is accepted, no ping-pong');
});

it('B-C5: contacts on both sides before the first sync are linked by email (any case) or by name, never duplicated', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Same', LastName: 'Mail', Email: 'Same.Mail@Example.com', BusinessPartner: 'BP0000001', Synchronize: true, MobilePhone: '+31 6 111' });
  world.ln.putContact({ Contact: 'C2', FirstName: 'Only', LastName: 'Names', Email: '', BusinessPartner: 'BP0000001', Synchronize: true });
  const folder = world.services.exchangeContacts.ensureSyncFolder(ADELE, 'LN Contacts');
  const folderId = await folder;
  world.graph.createContactAsUser(ADELE, folderId, outlookContact('Same', 'Mail', 'same.mail@example.com', { jobTitle: 'Engineer' }));
  world.graph.createContactAsUser(ADELE, folderId, outlookContact('Only', 'Names', ''));
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.equal(report.toLn.created, 0);
  assert.equal(report.toExchange.created, 0);
  assert.equal(world.ln.listContacts().length, 2);
  assert.equal(world.folderContacts().length, 2);
  assert.equal(world.ln.getContact('C1')?.JobTitle, 'Engineer', 'fields present on one side only are merged');
  assert.equal(byEmail(world.folderContacts(), 'same.mail@example.com')?.['mobilePhone'], '+31 6 111');
  assert.ok(await world.services.links.get(ADELE, 'contact', 'C2'), 'name-only match is linked');
});

it('B-C6: one-sided edits of different fields merge; the same field edited on both follows latest-wins and is reported', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Both', LastName: 'Sides', Email: 'both@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  const id = String(byEmail(world.folderContacts(), 'both@example.com')?.['id']);
  world.ln.updateContact('C1', { JobTitle: 'From LN', OfficePhone: '+1 111' });
  await new Promise((r) => setTimeout(r, 1100)); // Exchange timestamps are whole seconds
  world.graph.updateContactAsUser(ADELE, id, { jobTitle: 'From Outlook', mobilePhone: '+1 222' });
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.conflicts.map((c) => [c.field, c.lnValue, c.exchangeValue, c.winner]), [['jobTitle', 'From LN', 'From Outlook', 'exchange']]);
  const ln = world.ln.getContact('C1');
  assert.equal(ln?.JobTitle, 'From Outlook');
  assert.equal(ln?.MobilePhone, '+1 222');
  const ex = byEmail(world.folderContacts(), 'both@example.com');
  assert.equal(ex?.['jobTitle'], 'From Outlook');
  assert.deepEqual(ex?.['businessPhones'], ['+1 111']);
  const link = await world.services.links.get(ADELE, 'contact', 'C1');
  assert.match(link?.reason ?? '', /conflict on jobTitle/);
});

it('B-C6: with CONFLICT_POLICY=ln-wins the LN value wins a conflict even when Outlook edited later', async () => {
  const world = await contactWorld({ env: { CONFLICT_POLICY: 'ln-wins' } });
  world.ln.putContact({ Contact: 'C1', FirstName: 'Ln', LastName: 'Wins', Email: 'lnwins@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  const id = String(byEmail(world.folderContacts(), 'lnwins@example.com')?.['id']);
  world.ln.updateContact('C1', { JobTitle: 'LN says' });
  await new Promise((r) => setTimeout(r, 1100));
  world.graph.updateContactAsUser(ADELE, id, { jobTitle: 'Outlook says' });
  const report = await world.run();
  assert.equal(report.conflicts[0]?.winner, 'ln');
  assert.equal(byEmail(world.folderContacts(), 'lnwins@example.com')?.['jobTitle'], 'LN says');
  assert.equal(world.ln.getContact('C1')?.JobTitle, 'LN says');
});

it('B-C9: moved out of the sync folder ⇒ excluded, not recreated, LN untouched; moved back ⇒ linked again without duplicate', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Move', LastName: 'Around', Email: 'move@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  const id = String(byEmail(world.folderContacts(), 'move@example.com')?.['id']);
  const personal = world.graph.createContactFolderAsUser(ADELE, 'Personal');
  world.graph.moveContactAsUser(ADELE, id, personal);
  await world.run();
  world.ln.updateContact('C1', { JobTitle: 'Changed in LN' });
  const report = await world.run(ADELE, { full: true });
  assert.equal(report.toExchange.created, 0, 'not recreated, even in a full run');
  assert.equal(world.folderContacts().length, 0);
  assert.equal(world.graph.listContacts(ADELE, personal).length, 1, 'stays where the user put it');
  assert.equal((await world.services.links.get(ADELE, 'contact', 'C1'))?.state, 'excluded');
  assert.ok(world.ln.getContact('C1')?.Synchronize, 'LN untouched');
  world.graph.moveContactAsUser(ADELE, id, world.syncFolderId());
  await world.run();
  assert.equal(world.folderContacts().length, 1, 'no duplicate');
  assert.equal(world.folderContacts()[0]?.['jobTitle'], 'Changed in LN', 'linked again and brought up to date');
  assert.equal((await world.services.links.get(ADELE, 'contact', 'C1'))?.state, 'linked');
});

it('B-C10: deleted in Outlook never deletes in LN; two-way stops syncing it, ln-to-exchange recreates it', async () => {
  for (const direction of ['two-way', 'ln-to-exchange'] as const) {
    const world = await contactWorld({ env: { CONTACT_SYNC_DIRECTION: direction } });
    world.ln.putContact({ Contact: 'C1', FirstName: 'Deleted', LastName: 'InOutlook', Email: 'delout@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
    await world.run();
    world.graph.deleteContactAsUser(ADELE, String(world.folderContacts()[0]?.['id']));
    await world.run();
    await world.run();
    assert.ok(world.ln.getContact('C1'), `${direction}: LN keeps the contact`);
    assert.equal(world.ln.getContact('C1')?.Synchronize, true);
    assert.deepEqual(world.folderContacts().map(emailOf), direction === 'two-way' ? [] : ['delout@example.com']);
  }
});

it('B-C11: ln-to-exchange mode creates nothing in LN and overwrites Outlook edits at the next LN change', async () => {
  const world = await contactWorld({ env: { CONTACT_SYNC_DIRECTION: 'ln-to-exchange' } });
  world.ln.putContact({ Contact: 'C1', FirstName: 'One', LastName: 'Way', Email: 'oneway@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), outlookContact('Outlook', 'Only', 'outlook.only@example.com'));
  const id = String(byEmail(world.folderContacts(), 'oneway@example.com')?.['id']);
  world.graph.updateContactAsUser(ADELE, id, { mobilePhone: '+44 7000' });
  const report = await world.run();
  assert.equal(report.toLn.created + report.toLn.updated, 0);
  assert.equal(world.ln.listContacts().length, 1, 'nothing created in LN');
  assert.equal(world.ln.getContact('C1')?.MobilePhone ?? '', '', 'Outlook edit not sent to LN');
  assert.equal(byEmail(world.folderContacts(), 'oneway@example.com')?.['mobilePhone'], '+44 7000', 'kept until LN changes');
  world.ln.updateContact('C1', { JobTitle: 'New title' });
  await world.run();
  const copy = byEmail(world.folderContacts(), 'oneway@example.com');
  assert.equal(copy?.['jobTitle'], 'New title');
  assert.equal(copy?.['mobilePhone'] ?? null, null, 'the Outlook edit is overwritten by the LN state');
});

it('B-C5: two Outlook contacts matching one LN contact: one is linked, the other left alone, nothing duplicated in LN', async () => {
  const world = await contactWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Dup', LastName: 'Licate', Email: 'dup@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  const folderId = await world.services.exchangeContacts.ensureSyncFolder(ADELE, 'LN Contacts');
  world.graph.createContactAsUser(ADELE, folderId, outlookContact('Dup', 'Licate', 'dup@example.com'));
  world.graph.createContactAsUser(ADELE, folderId, outlookContact('Dup', 'Twice', 'DUP@example.com'));
  await world.settle();
  assert.equal(world.ln.listContacts().length, 1, 'no second LN contact');
  assert.equal(world.folderContacts().length, 2, 'the extra Outlook contact stays where it is');
});

it('B-C1/B-C2: renaming the sync folder setting fills the new folder; a renamed account reaches Outlook at the next tick', async () => {
  let shiftMs = 0; // reference data is read once per scheduler tick (B-I8): the last run is a tick later
  const world = await contactWorld({ clock: { now: () => new Date(Date.now() + shiftMs) } });
  world.ln.putContact({ Contact: 'C1', FirstName: 'Folder', LastName: 'Move', Email: 'fm@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await world.run();
  world.restart({ SYNC_FOLDER_NAME: 'CRM Contacts' });
  await world.run();
  assert.deepEqual(world.folderContacts().map((c) => c['companyName']), ['Contoso Ltd']);
  assert.equal((await world.services.links.get(ADELE, 'contact', 'C1'))?.state, 'linked');
  world.ln.putBusinessPartner({ BusinessPartner: 'BP0000001', Name: 'Contoso Group' });
  world.ln.updateContact('C1', { JobTitle: 'Buyer' });
  shiftMs = 60_000;
  await world.run();
  assert.equal(world.folderContacts()[0]?.['companyName'], 'Contoso Group');
});
