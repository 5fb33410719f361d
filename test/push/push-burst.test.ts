// B-N3/B-N4 under a burst: 20 edits of one LN contact within a few seconds (several within one second, so LN sends
// byte-identical notifications) end on the last value in Outlook, with every notification accepted and no pull.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, pushWorld, until } from './push-world';

it('B-N3: a burst of 20 edits of one LN contact within seconds ends on the last value in Outlook, no notification refused', async () => {
  const w = await pushWorld({ users: [ADELE], lnSecondsOnly: true });
  w.ln.putContact({ Contact: 'C1', FirstName: 'Burst', LastName: 'Contact', Email: 'burst@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  assert.equal((await w.admin('POST', 'admin/start')).status, 200);
  await w.quiet();
  const folder = w.graph.folders(ADELE).find((f) => f.displayName === 'LN Contacts');
  const phone = (): unknown => w.graph.listContacts(ADELE, folder?.id)[0]?.['mobilePhone'];
  assert.ok(w.graph.listContacts(ADELE, folder?.id).length === 1, 'synchronized first');
  const deliveriesBefore = w.ln.webhookDeliveries.length;
  const started = Date.now();
  for (let i = 1; i <= 20; i++) {
    w.ln.updateContact('C1', { MobilePhone: `+31 6 1000 ${String(i).padStart(4, '0')}` });
    await new Promise((r) => setTimeout(r, i % 5 === 0 ? 150 : 10 + ((i * 37) % 60))); // uneven: some batched, some alone
  }
  assert.ok(Date.now() - started < 5_000, 'the edits fall within seconds');
  const last = '+31 6 1000 0020';
  await until(() => phone() === last, 10_000);
  await w.ln.webhookIdle();
  await w.quiet();
  assert.equal(phone(), last, 'Outlook ends on the last value');
  assert.equal(w.ln.getContact('C1')?.MobilePhone, last, 'LN was not overwritten by an older value');
  const burst = w.ln.webhookDeliveries.slice(deliveriesBefore);
  assert.ok(burst.length >= 2, `several notifications were sent (${burst.length})`);
  assert.deepEqual(burst.filter((d) => d.status < 200 || d.status >= 300).map((d) => d.status), [], 'no notification refused');
  assert.ok(new Set(burst.map((d) => d.body)).size < burst.length, 'some notifications were byte-identical (same second)');
});
