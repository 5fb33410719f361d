// The queue worker through its function handler and the in-process queue (B-I5, B-I6, B-L5, B-P3, B-I3):
// retries with backoff, dead letters with reasons, per-user isolation, status and item explanations.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { adminConfirmDeletes } from '../../functions/admin-confirm-deletes';
import { adminItem } from '../../functions/admin-item';
import { adminStart } from '../../functions/admin-start';
import { adminStatus } from '../../functions/admin-status';
import { adminStatusPage } from '../../functions/admin-status-page';
import { adminSync } from '../../functions/admin-sync';
import { heldDeletionsWorld } from './held-deletions-world';
import { syncWorker } from '../../functions/sync-worker';
import type { StatusView } from '../../shared/app/status-view';
import { ADELE, MEGAN, context, request, runtimeWorld } from './runtime-world';

async function until(check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const status = async (): Promise<StatusView> => (await adminStatus(request('GET', 'admin/status'), context())).jsonBody as StatusView;
const userStatus = async (user: string) => (await status()).users.find((u) => u.status.user.toLowerCase() === user.toLowerCase());

it('B-I5: a transient failure is retried with backoff honouring Retry-After, then succeeds', async () => {
  const { world, scheduled, queue } = await runtimeWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Re', LastName: 'Try', Email: 'retry@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  world.ln.putContact({ Contact: 'C2', FirstName: 'Second', LastName: 'Try', Email: 'second@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.ln.faults.failNext(4, 503, { retryAfterSeconds: 1, pathIncludes: 'Contacts' });
  const started = Date.now();
  await adminSync(request('POST', `admin/users/${ADELE}/sync`, { params: { email: ADELE }, body: { scope: 'contacts' } }), context());
  await queue.idle();
  const retry = scheduled.find((s) => s.envelope.job.user === ADELE);
  assert.ok(retry, 'a retry was scheduled');
  assert.equal(retry.envelope.attempt, 2);
  assert.ok(retry.notBefore.getTime() >= started + 900, 'not before the Retry-After');
  await until(() => world.folderContacts().length === 2);
  assert.match((await userStatus(ADELE))?.status.lastError?.message ?? '', /503/);
});

it('B-I5: a permanent failure is dead-lettered with its reason, shown in status, and does not block another user', async () => {
  const { world, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  world.ln.putContact({ Contact: 'C1', FirstName: 'Per', LastName: 'Manent', Email: 'perm@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  world.ln.faults.failNext(1, 400, { pathIncludes: 'Contacts' });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  const failedUser = (await status()).users.find((u) => u.status.deadLetters.length > 0);
  assert.ok(failedUser, 'one job was dead-lettered');
  assert.match(failedUser.status.deadLetters[0]?.reason ?? '', /400/);
  const other = failedUser.status.user === ADELE ? MEGAN : ADELE;
  assert.equal(world.folderContacts(other).length, 1, 'the other user was synchronized');
  const html = (await adminStatusPage(request('GET', 'admin/status.html'), context())).body as string;
  assert.match(html, /400/, 'the dead letter is on the status page');
});

it('B-I5: a malformed queue message is refused with a clear error and nothing runs', async () => {
  const { world } = await runtimeWorld();
  await assert.rejects(syncWorker({ job: { kind: 'pull', user: 'not-an-email', scope: 'contacts' } }, context()), /invalid job message: .*user/);
  assert.deepEqual(world.graph.requests, []);
});

it('B-L5: a sync user without a mailbox is reported in status with the reason; the others carry on', async () => {
  const { world, queue } = await runtimeWorld({ users: [ADELE] });
  world.ln.putUser({ User: 'ghost', Name: 'Ghost', Active: true, EmailAddress: 'ghost@contoso.example' });
  world.ln.putContact({ Contact: 'C1', FirstName: 'Vis', LastName: 'Ible', Email: 'vis@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  assert.match((await userStatus('ghost@contoso.example'))?.status.mailbox ?? '', /no mailbox/);
  assert.equal((await userStatus(ADELE))?.status.mailbox, 'ok');
  assert.equal(world.folderContacts(ADELE).length, 1);
});

it('B-P3: jobs for one user never overlap, while another user’s jobs still run', async () => {
  const { rt, queue } = await runtimeWorld({ users: [ADELE, MEGAN] });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const finished: string[] = [];
  const original = rt.services.contactSync.run.bind(rt.services.contactSync);
  rt.services.contactSync.run = async (user, options) => {
    running.set(user, (running.get(user) ?? 0) + 1);
    peak.set(user, Math.max(peak.get(user) ?? 0, running.get(user) ?? 0));
    try {
      await new Promise((r) => setTimeout(r, 15));
      return await original(user, options);
    } finally {
      running.set(user, (running.get(user) ?? 1) - 1);
      finished.push(user);
    }
  };
  const flood = Array.from({ length: 20 }, (_, i) => ({ job: { kind: 'pull' as const, user: ADELE, scope: 'contacts' as const, full: false, dueAt: new Date(Date.UTC(2030, 0, 1, 0, i)).toISOString() }, attempt: 1 }));
  await rt.queue.send([...flood, { job: { kind: 'pull', user: MEGAN, scope: 'contacts', full: false, dueAt: '2030-01-01T00:00:00Z' }, attempt: 1 }]);
  await queue.idle();
  assert.equal(peak.get(ADELE), 1, 'one job at a time for Adele');
  assert.ok(finished.indexOf(MEGAN) < finished.lastIndexOf(ADELE), 'Megan did not wait for Adele’s flood');
});

it('B-I6: status shows each user’s last runs with counts per direction; an item shows its last action and why', async () => {
  const { world, queue } = await runtimeWorld();
  world.ln.putContact({ Contact: 'C1', FirstName: 'Ex', LastName: 'Plained', Email: 'why@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await queue.idle();
  const mine = await userStatus(ADELE);
  assert.equal(mine?.runs.contacts[0]?.toExchange.created, 1);
  assert.equal(mine?.runs.contacts[0]?.full, true);
  const byKey = await adminItem(request('GET', 'x', { params: { email: ADELE, kind: 'contact', id: 'C1' } }), context());
  assert.equal(byKey.status, 200);
  const body = byKey.jsonBody as { lastAction: string; reason: string; exchangeId: string };
  assert.equal(body.lastAction, 'created-in-exchange');
  assert.match(body.reason, /B-C1/);
  const byExchangeId = await adminItem(request('GET', 'x', { params: { email: ADELE, kind: 'contact', id: body.exchangeId } }), context());
  assert.equal((byExchangeId.jsonBody as { lnKey: string }).lnKey, 'C1');
  assert.equal((await adminItem(request('GET', 'x', { params: { email: ADELE, kind: 'contact', id: 'NOPE' } }), context())).status, 404);
});

it('B-I3: held deletions show as needing attention until an administrator confirms them', async () => {
  const { world, queue } = await heldDeletionsWorld();
  assert.match((await userStatus(ADELE))?.status.needsAttention[0]?.message ?? '', /B-I3/);
  assert.equal(world.folderContacts().length, 15);
  const res = await adminConfirmDeletes(request('POST', 'x', { params: { email: ADELE } }), context());
  assert.equal(res.status, 202);
  await queue.idle();
  assert.equal(world.folderContacts().length, 3);
  assert.deepEqual((await userStatus(ADELE))?.status.needsAttention, []);
  assert.equal((await adminConfirmDeletes(request('POST', 'x', { params: { email: ADELE } }), context())).status, 409);
});

it('B-I5: a bad admin request body is refused with the field named', async () => {
  await runtimeWorld();
  const res = await adminSync(request('POST', 'x', { params: { email: ADELE }, body: { scope: 'everything' } }), context());
  assert.equal(res.status, 400);
  assert.match(JSON.stringify(res.jsonBody), /scope/);
});
