// B-N6 through the local host: a Graph subscription that cannot be created is a warning of admin start, shown per
// user and resource in status and on the user's page; pulls carry on, and the subscriptions timer retries it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADELE, pushWorld } from './push-world';

interface StatusBody {
  users: Array<{ status: { user: string; pushProblem?: string }; runs: { contacts: unknown[] }; subscriptions: Array<{ resource: string; state: string; until?: string; reason?: string }> }>;
}

/** A notification URL Graph cannot use: the endpoint answers 404 to the validation request. */
async function deadEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

it('B-N6: an unreachable notification URL is a warning of start and a failing subscription in status; pulls carry on; the timer retries and clears it', async () => {
  const w = await pushWorld({ users: [ADELE] });
  const dead = await deadEndpoint();
  const config = w.host.runtime.services.config.push;
  config.publicBaseUrl = dead.url;
  try {
    const start = await w.admin('POST', 'admin/start');
    assert.equal(start.status, 200, 'start still succeeds');
    const body = (await start.json()) as { warnings: string[] };
    assert.equal(body.warnings.length, 2, 'one warning per resource');
    for (const warning of body.warnings) {
      assert.match(warning, new RegExp(`^${ADELE}: the (calendar|contacts) subscription could not be created`));
      assert.ok(warning.includes(`Graph could not reach ${dead.url}/api/graph/notifications`), warning);
      assert.ok(warning.includes('only https'), 'says the URL is not https');
    }
    await w.quiet();
    assert.deepEqual(w.graph.subscriptions(), []);

    const failing = ((await (await w.admin('GET', 'admin/status')).json()) as StatusBody).users.find((u) => u.status.user === ADELE);
    assert.ok(failing);
    assert.deepEqual(failing.subscriptions.map((s) => [s.resource, s.state]).sort(), [['contacts', 'failing'], ['events', 'failing']]);
    assert.ok(failing.subscriptions.every((s) => (s.reason ?? '').includes('could not reach')));
    assert.match(failing.status.pushProblem ?? '', /push notifications are off for this user/);
    assert.ok(failing.runs.contacts.length > 0, 'the pull ran all the same');
    const summary = (await w.host.runtime.statuses.summaries()).find((s) => s.user === ADELE);
    assert.ok(summary?.problems.includes('push'), 'counted as push failing');
    const page = await (await w.admin('GET', `admin/console/users/${encodeURIComponent(ADELE)}`)).text();
    assert.equal((page.match(/class="subscription-failing"/g) ?? []).length, 2, 'both subscriptions shown failing on the user page');

    await w.host.maintainSubscriptions();
    assert.equal(w.graph.subscriptions().length, 0, 'still failing while the URL is unreachable');
    config.publicBaseUrl = w.host.url; // the administrator fixes the URL; the next timer run succeeds
    await w.host.maintainSubscriptions();
    assert.equal(w.graph.subscriptions().length, 2);
    const healthy = ((await (await w.admin('GET', 'admin/status')).json()) as StatusBody).users.find((u) => u.status.user === ADELE);
    assert.ok(healthy);
    assert.deepEqual(healthy.subscriptions.map((s) => [s.resource, s.state]).sort(), [['contacts', 'active'], ['events', 'active']]);
    assert.ok(healthy.subscriptions.every((s) => Date.parse(s.until ?? '') > Date.now() + 6 * 86_400_000), 'active until about a week from now');
    assert.equal(healthy.status.pushProblem, undefined, 'push problem cleared');
    assert.ok(!(await w.host.runtime.statuses.summaries()).find((s) => s.user === ADELE)?.problems.includes('push'));
  } finally {
    await dead.close();
  }
});
