// Integrity of contact synchronization end to end: B-I1 (no duplicates), B-I2 (state loss), B-I3 (mass deletion).
// Faults are injected in the simulators; sync state lives in Azurite.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, contactWorld, type ContactWorld } from './sync-world';
import { emailOf, writeRequests } from './contact-assertions';

function seed(world: ContactWorld, count: number): void {
  for (let i = 1; i <= count; i++) {
    world.ln.putContact({ Contact: `C${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `c${i}@example.com`, BusinessPartner: 'BP0000001', Synchronize: true });
  }
}

function assertNoDuplicates(world: ContactWorld): void {
  const emails = world.folderContacts().map(emailOf);
  assert.equal(new Set(emails).size, emails.length, `duplicates in Exchange: ${emails.join(', ')}`);
  const lnEmails = world.ln.listContacts().map((c) => c.Email.toLowerCase());
  assert.equal(new Set(lnEmails).size, lnEmails.length, `duplicates in LN: ${lnEmails.join(', ')}`);
}

it('B-I1: a crash after the Exchange write and before the link is recorded leaves no duplicate', async () => {
  const world = await contactWorld();
  seed(world, 3);
  await world.run(); // sync folder and cursor exist, runs are incremental from here
  world.ln.putContact({ Contact: 'C9', FirstName: 'Crash', LastName: 'Test', Email: 'crash@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.graph.faults.dropResponseAfterWrite(1); // the $batch is applied, its answer never arrives
  const crashed = await world.run();
  assert.ok(crashed.errors.some((e) => e.transient), 'the run reports a transient failure');
  assert.equal(world.folderContacts().filter((c) => emailOf(c) === 'crash@example.com').length, 1, 'the write happened');
  assert.equal(await world.services.links.get(ADELE, 'contact', 'C9'), undefined, 'but no link was recorded');
  await world.settle();
  assertNoDuplicates(world);
  assert.ok(await world.services.links.get(ADELE, 'contact', 'C9'), 'the copy was adopted');
});

it('B-I1/B-C9: a copy written by a run that failed before storing its position, then moved out by the user, is excluded by the next run', async () => {
  const world = await contactWorld();
  await world.run();
  const kept = world.graph.createContactFolderAsUser(ADELE, 'Kept elsewhere');
  world.ln.putContact({ Contact: 'C9', FirstName: 'Moved', LastName: 'Early', Email: 'moved@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Out', surname: 'Look', emailAddresses: [{ address: 'outlook@example.com' }] });
  world.ln.faults.dropResponseAfterWrite(1); // the LN create of the Outlook contact loses its answer: the run fails
  const failed = await world.run();
  assert.ok(failed.errors.some((e) => e.transient), 'the run failed and kept its old delta position');
  const copy = world.folderContacts().find((c) => emailOf(c) === 'moved@example.com');
  assert.ok(copy, 'the copy was written and linked before the failure');
  world.graph.moveContactAsUser(ADELE, String(copy['id']), kept); // gone before any delta round reported it
  await world.settle();
  assert.equal((await world.services.links.get(ADELE, 'contact', 'C9'))?.state, 'excluded', 'the next run saw the copy leave the sync folder');
  assert.equal(world.graph.listContacts(ADELE, kept).length, 1, 'the copy stays where the user put it');
  assert.equal(world.folderContacts().filter((c) => emailOf(c) === 'moved@example.com').length, 0, 'and is not recreated');
  assert.equal((await world.run(ADELE, { full: true })).writes, 0, 'a full run agrees');
});

it('B-I1/B-I7: the service\'s copy from an interrupted run gives way to the user\'s own copy of that person: one copy, the user\'s', async () => {
  const world = await contactWorld();
  await world.run();
  world.ln.putContact({ Contact: 'C9', FirstName: 'Pat', LastName: 'Twice', Email: 'pat@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.graph.faults.dropResponseAfterWrite(1); // the copy is created, its answer (and so its link) lost
  await world.run();
  const own = world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Pat', surname: 'Twice', emailAddresses: [{ address: 'pat@example.com' }] });
  await world.settle();
  const copies = world.folderContacts().filter((c) => emailOf(c) === 'pat@example.com');
  assert.deepEqual(copies.map((c) => c['id']), [own.id], 'one copy left: the user\'s own');
  assert.equal((await world.services.links.get(ADELE, 'contact', 'C9'))?.exchangeId, own.id, 'linked to the LN contact');
  assertNoDuplicates(world);
});

it('B-I1/B-I7: a copy from an interrupted run, adopted by the next run, still gives way to the user\'s own copy added later', async () => {
  const world = await contactWorld();
  await world.run();
  world.ln.putContact({ Contact: 'C9', FirstName: 'Pat', LastName: 'Later', Email: 'later@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.graph.faults.dropResponseAfterWrite(1); // the copy is created, its answer (and so its link) lost
  await world.run();
  await world.settle(); // the next run finds the copy by its stamp and links it
  assert.equal((await world.services.links.get(ADELE, 'contact', 'C9'))?.lastAction, 'created-in-exchange', 'adopted as the service\'s own copy');
  const own = world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Pat', surname: 'Later', emailAddresses: [{ address: 'later@example.com' }] });
  await world.settle();
  const copies = world.folderContacts().filter((c) => emailOf(c) === 'later@example.com');
  assert.deepEqual(copies.map((c) => c['id']), [own.id], 'one copy left: the user\'s own');
  assertNoDuplicates(world);
});

it('B-I1: an LN create whose answer is lost is not repeated (ExternalReference)', async () => {
  const world = await contactWorld();
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'Lost', surname: 'Answer', emailAddresses: [{ address: 'lost@example.com' }], companyName: 'Contoso Ltd' });
  world.ln.faults.dropResponseAfterWrite(1);
  const crashed = await world.run();
  assert.ok(crashed.errors.length > 0);
  assert.equal(world.ln.listContacts().length, 1, 'LN applied the create');
  await world.settle();
  assertNoDuplicates(world);
  assert.equal(world.ln.listContacts().length, 1);
});

it('B-I1: a job delivered twice, and Graph 429/5xx answers, create nothing twice', async () => {
  const world = await contactWorld();
  seed(world, 25);
  world.graph.faults.failNext(2, 429, { retryAfterSeconds: 1 });
  world.graph.faults.failNext(1, 503, { retryAfterSeconds: 1 });
  const [a, b] = [await world.run(), await world.run()];
  assert.equal(a.toExchange.created + b.toExchange.created, 25);
  await world.settle();
  assertNoDuplicates(world);
  assert.equal(world.folderContacts().length, 25);
});

it('B-I2: after losing all sync state, the next full sync relinks everything, creates and deletes nothing, then is quiet', async () => {
  const world = await contactWorld();
  seed(world, 8);
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'From', surname: 'Outlook', emailAddresses: [{ address: 'outlook@example.com' }], companyName: 'Contoso Ltd' });
  await world.settle();
  await world.services.links.clear(ADELE, 'contact');
  await world.services.cursors.remove(ADELE, 'contacts');
  world.graph.resetRequests();
  const requestsBefore = world.ln.requests.length;
  const report = await world.run();
  assert.deepEqual(report.errors, []);
  assert.equal(report.full, true);
  assert.equal(report.writes, 0, 'identical pairs need no write');
  assert.deepEqual(writeRequests(world.graph.requests), []);
  assert.deepEqual(writeRequests(world.ln.requests.slice(requestsBefore)), []);
  assertNoDuplicates(world);
  assert.equal((await world.services.links.list(ADELE, 'contact')).length, 9, 'every pair linked again');
  assert.equal((await world.run()).writes, 0);
});

it('B-I2: a difference the lost state had accepted is settled once, without duplicates', async () => {
  const world = await contactWorld();
  await world.run();
  world.graph.createContactAsUser(ADELE, world.syncFolderId(), { givenName: 'No', surname: 'Company', emailAddresses: [{ address: 'nocompany@example.com' }] });
  await world.settle();
  await world.services.links.clear(ADELE, 'contact');
  await world.services.cursors.remove(ADELE, 'contacts');
  const report = await world.run();
  assert.equal(report.toExchange.created + report.toLn.created + report.toExchange.deleted, 0);
  assert.equal(world.folderContacts()[0]?.['companyName'], 'No Company', 'the account name LN gave it now shows in Outlook');
  assertNoDuplicates(world);
  assert.equal((await world.run()).writes, 0);
});

it('B-I3: a run that would delete more than 20 % (and more than 10) of the linked contacts deletes nothing until confirmed', async () => {
  const world = await contactWorld();
  seed(world, 30);
  await world.run();
  for (let i = 1; i <= 12; i++) world.ln.deleteContact(`C${i}`);
  const held = await world.run();
  assert.match(held.needsAttention ?? '', /B-I3: run would delete 12 of 30/);
  assert.equal(held.toExchange.deleted, 0);
  assert.equal(world.folderContacts().length, 30);
  const stillHeld = await world.run();
  assert.equal(stillHeld.toExchange.deleted, 0, 'held deletions are seen again, not lost');
  assert.ok(stillHeld.needsAttention);
  const confirmed = await world.run(ADELE, { confirmDeletes: true });
  assert.equal(confirmed.toExchange.deleted, 12);
  assert.equal(world.folderContacts().length, 18);
});
