// B-L7 through the worker handler: an error is reported under the half that failed, whatever job kind hit it,
// and the next successful run of the same user and half clears it from status.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { adminStart } from '../../functions/admin-start';
import { adminStatus } from '../../functions/admin-status';
import { adminSync } from '../../functions/admin-sync';
import type { StatusView } from '../../shared/app/status-view';
import { ADELE, context, request, runtimeWorld } from './runtime-world';

const userStatus = async (user: string): Promise<StatusView['users'][number] | undefined> =>
  ((await adminStatus(request('GET', 'admin/status'), context())).jsonBody as StatusView).users.find((u) => u.status.user === user);

it('B-L7: an error of a push job is cleared by the next successful run of the same user and half', async () => {
  const { world, rt, queue } = await runtimeWorld();
  world.ln.setSettings({ SynchronizeActivities: false });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  world.ln.faults.failNext(1, 400, { pathIncludes: 'Contacts' });
  await rt.queue.send([{ job: { kind: 'ln-change', user: ADELE, entity: 'Contact', id: 'C1', changeType: 'updated', occurredAt: '2030-01-01T10:00:00Z' }, attempt: 1 }]);
  await queue.idle();
  const failed = await userStatus(ADELE);
  assert.equal(failed?.status.lastError?.scope, 'contacts', 'filed under the half that failed');
  assert.match(failed.status.lastError.message, /400/);
  await adminSync(request('POST', `admin/users/${ADELE}/sync`, { params: { email: ADELE }, body: { scope: 'contacts' } }), context());
  await queue.idle();
  assert.equal((await userStatus(ADELE))?.status.lastError, undefined, 'the next good contacts run cleared it');
});
