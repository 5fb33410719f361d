// B-N3/B-N4 for repeated LN notifications: LN stamps notifications to the second, so two edits of one contact within a
// second are byte-identical signed requests. The repeat is accepted and re-runs the item job shortly after.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { signLnWebhook } from '../../shared/push/ln-webhook-verifier';
import { ADELE, pushWorld, until } from './push-world';

it('B-N3/B-N4: an LN contact edited twice within one second, the first job running between the edits, ends on the last value in Outlook without a pull', async () => {
  const w = await pushWorld({ users: [ADELE], env: { LN_WEBHOOK_REPEAT_DELAY_SECONDS: '1' } });
  w.ln.putContact({ Contact: 'C1', FirstName: 'Twice', LastName: 'Edited', Email: 'twice@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  assert.equal((await w.admin('POST', 'admin/start')).status, 200);
  await w.quiet();
  w.ln.setWebhook(undefined); // from here the test sends what LN sends, so both requests are identical by construction
  const folder = w.graph.folders(ADELE).find((f) => f.displayName === 'LN Contacts');
  const phone = (): unknown => w.graph.listContacts(ADELE, folder?.id)[0]?.['mobilePhone'];
  // ln-api.md's notification, stamped to the second as LN does; one signature for both edits of that second.
  const second = new Date(Math.floor(Date.now() / 1000) * 1000);
  const body = JSON.stringify({ company: w.ln.company, entity: 'Contact', id: 'C1', changeType: 'updated', occurredAt: second.toISOString().replace(/\.\d{3}Z$/, 'Z') });
  const timestamp = String(second.getTime() / 1000);
  const notify = () => fetch(`${w.host.url}/api/ln/notifications`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'x-ln-timestamp': timestamp, 'x-ln-signature': signLnWebhook(w.secret, timestamp, body) },
  });

  w.ln.updateContact('C1', { MobilePhone: '+31 6 1111 0001' });
  assert.equal((await notify()).status, 202);
  await until(() => phone() === '+31 6 1111 0001', 10_000); // the first edit's job has run
  await w.quiet(); // and Graph's notification of that write with it: nothing is left that could read LN again
  w.ln.updateContact('C1', { MobilePhone: '+31 6 1111 0002' });
  assert.equal((await notify()).status, 202, 'the identical request of the second edit is accepted');
  await until(() => phone() === '+31 6 1111 0002', 10_000);
  await w.host.queue.idle();
  assert.equal(phone(), '+31 6 1111 0002', 'Outlook ends on the last value');
  assert.equal(w.ln.getContact('C1')?.MobilePhone, '+31 6 1111 0002', 'LN keeps the last value');
  assert.equal(w.host.queue.stats().scheduled, 0, 'nothing left waiting');
});
