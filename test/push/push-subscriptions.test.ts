// B-N1 through the local host: subscriptions per sync user with a secret clientState and a lifecycle URL,
// renewed before expiry, removed for users who left, never doubled; lifecycle events handled.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, MEGAN, pushWorld } from './push-world';
import { maintainSubscriptions } from '../../shared/app/subscription-maintenance';

it('B-N1: start creates one events and one sync-folder contacts subscription per sync user, with clientState and lifecycle URL; maintenance never doubles them', async () => {
  const w = await pushWorld();
  assert.equal((await w.admin('POST', 'admin/start')).status, 200);
  await w.quiet();
  const subs = w.graph.subscriptions();
  assert.equal(subs.length, 4);
  for (const user of [ADELE, MEGAN]) {
    assert.ok(subs.some((s) => String(s['resource']).endsWith(`users/${user}/events`)), `${user} events`);
    assert.ok(subs.some((s) => new RegExp(`users/${user}/contactFolders/.+/contacts$`).test(String(s['resource']))), `${user} contacts`);
  }
  for (const s of subs) {
    assert.equal(s['notificationUrl'], `${w.host.url}/api/graph/notifications`);
    assert.equal(s['lifecycleNotificationUrl'], `${w.host.url}/api/graph/notifications`);
    assert.ok(String(s['clientState']).length >= 40, 'a random secret');
  }
  assert.equal(new Set(subs.map((s) => s['clientState'])).size, 4, 'one secret per subscription');
  const stored = await w.host.runtime.subscriptions.list();
  assert.deepEqual(stored.map((r) => r.subscriptionId).sort(), subs.map((s) => String(s['id'])).sort());
  const subscribe = w.graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/subscriptions'));
  for (const r of subscribe) assert.match(r.headers['prefer'] ?? '', /IdType="ImmutableId"/, 'created with immutable ids');
  await w.host.maintainSubscriptions();
  await w.host.maintainSubscriptions();
  assert.equal(w.graph.subscriptions().length, 4, 'no second subscription for a resource');
});

it('B-N1: subscriptions are renewed well before expiry, removed for users who left, and none exist while push is off', async () => {
  const w = await pushWorld();
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const [first] = await w.host.runtime.subscriptions.list();
  assert.ok(first);
  await w.host.runtime.subscriptions.put({ ...first, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  await w.host.maintainSubscriptions();
  const renewed = w.graph.subscriptions().find((s) => s['id'] === first.subscriptionId);
  assert.ok(Date.parse(String(renewed?.['expirationDateTime'])) > Date.now() + 6 * 86_400_000, 'renewed to about a week');
  w.ln.putUser({ User: 'megan', Name: 'Megan Bowen', Active: false, EmailAddress: MEGAN });
  await w.host.tick();
  assert.ok(w.graph.subscriptions().every((s) => !String(s['resource']).includes(MEGAN)), 'Megan left: her subscriptions are gone');
  w.ln.setSettings({ EnablePushSynchronization: false });
  await w.host.tick();
  assert.deepEqual(w.graph.subscriptions(), []);
  assert.deepEqual(await w.host.runtime.subscriptions.list(), []);
});

it('B-N1: lifecycle events: reauthorizationRequired renews, subscriptionRemoved recreates and resyncs, missed resyncs', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const events = (await w.host.runtime.subscriptions.list()).find((r) => r.resource === 'events');
  assert.ok(events);
  await w.host.runtime.subscriptions.put({ ...events, expiresAt: new Date(Date.now() + 60_000).toISOString() });
  await w.graph.sendLifecycleEvent(events.subscriptionId, 'reauthorizationRequired');
  await w.quiet();
  assert.ok(Date.parse((await w.host.runtime.subscriptions.get(events.subscriptionId))?.expiresAt ?? '') > Date.now() + 86_400_000, 'renewed');
  const processed = w.host.queue.stats().processed;
  await w.graph.sendLifecycleEvent(events.subscriptionId, 'subscriptionRemoved');
  await w.quiet();
  const now = await w.host.runtime.subscriptions.list();
  assert.equal(now.filter((r) => r.resource === 'events').length, 1, 'recreated');
  assert.notEqual(now.find((r) => r.resource === 'events')?.subscriptionId, events.subscriptionId);
  assert.ok(w.host.queue.stats().processed > processed, 'a resync ran');
  const again = w.host.queue.stats().processed;
  const current = now.find((r) => r.resource === 'events');
  await w.graph.sendLifecycleEvent(current?.subscriptionId ?? '', 'missed');
  await w.quiet();
  assert.ok(w.host.queue.stats().processed > again, 'missed ⇒ resync');
});

it('B-N1: a maintenance run that finds the lock held by another skips without reporting a failure', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const until = new Date(w.host.runtime.clock.now().getTime() + 60_000).toISOString();
  await w.host.runtime.control.update((s) => ({ ...s, maintenanceLock: { token: 'another-run', until } }));
  const result = await maintainSubscriptions(w.host.runtime);
  assert.equal(result.skipped, true);
  assert.deepEqual(result.failures, [], 'a held lock is no failure (the failing-subscription alert counts failures)');
  assert.equal(result.failing.size, 0);
});
