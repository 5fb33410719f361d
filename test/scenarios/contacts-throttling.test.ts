// Contacts end to end against a Graph that throttles like Exchange and, on top, answers 30 % of requests and
// batch parts 429: every run completes, no item fails, nothing is written twice, the mailbox never sees more than 4 (B-I4, B-I8).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RunReport } from '../../shared/sync/run-report';
import { emailOf } from './contact-assertions';
import { ADELE, contactWorld, type ContactWorld } from './sync-world';

/** Runs until a run writes nothing; every run must finish without a failed item. */
async function runUntilQuiet(w: ContactWorld): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  for (let i = 0; i < 6; i++) {
    const report = await w.run(ADELE); // a throw here is what would send the job to the dead-letter queue
    reports.push(report);
    assert.deepEqual(report.errors, [], `run ${i + 1} had failed items`);
    if (report.writes === 0) return reports;
  }
  throw new Error('no quiet run after 6 runs');
}

const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

it('B-I8 B-I4: with 30 % random 429s a first sync and a round of changes on both sides converge: no failed item, no duplicate, at most 4 in flight', async () => {
  const w = await contactWorld({ graphLatencyMs: 3 });
  for (let i = 1; i <= 70; i++) w.ln.putContact({ Contact: `T${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `t${i}@example.com`, BusinessPartner: 'BP0000001', Synchronize: true });
  w.graph.faults.throttleRandomly(0.3, { retryAfterSeconds: 1 });
  const first = await runUntilQuiet(w);
  assert.equal(first[0]?.toExchange.created, 70, 'the first run wrote every contact despite the throttling');

  const folderId = w.syncFolderId();
  for (let i = 1; i <= 15; i++) w.graph.createContactAsUser(ADELE, folderId, { givenName: `Out${i}`, surname: 'Look', emailAddresses: [{ address: `o${i}@example.com` }] });
  for (let i = 1; i <= 10; i++) w.ln.updateContact(`T${i}`, { JobTitle: `Title ${i}` });
  for (let i = 11; i <= 15; i++) w.ln.deleteContact(`T${i}`);
  await runUntilQuiet(w);
  const throttled = w.graph.requests.filter((r) => r.status === 429).length;
  w.graph.faults.clear();

  const inFolder = w.folderContacts().map(emailOf);
  const inLn = w.ln.listContacts().filter((c) => c.Synchronize).map((c) => c.Email ?? '');
  assert.equal(inFolder.length, 80, '70 from LN less 5 deleted, plus 15 from Outlook');
  assert.deepEqual(duplicates(inFolder), [], 'no duplicate in the mailbox');
  assert.deepEqual(duplicates(inLn), [], 'no duplicate in LN');
  assert.deepEqual([...inFolder].sort(), [...inLn].sort(), 'both sides agree');
  assert.ok(w.folderContacts().some((c) => c['jobTitle'] === 'Title 3'), 'LN updates reached Exchange');
  assert.ok(throttled > 20, `the simulator did throttle (${throttled} answers 429 in the last runs)`);
  assert.ok(w.graph.peakConcurrency(ADELE) <= 4, `peak ${w.graph.peakConcurrency(ADELE)}`);
  assert.equal(w.graph.concurrencyRefusals(ADELE), 0, 'the client never went over the mailbox budget');
});
