// The subscription requests the service sends (create, renew) agree with Microsoft's ChangeNotifications.yml.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { loadGraphOpenApi } from '../simulators/graph/openapi-validator';
import { ADELE, pushWorld } from '../push/push-world';

it('B-N1: subscription create and renew bodies agree with ChangeNotifications.yml', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const [record] = await w.host.runtime.subscriptions.list();
  assert.ok(record);
  await w.host.runtime.subscriptions.put({ ...record, expiresAt: new Date(Date.now() + 60_000).toISOString() });
  await w.host.maintainSubscriptions();
  const api = loadGraphOpenApi(['ChangeNotifications.yml']);
  const sent = w.graph.requests.filter((r) => r.path.includes('/subscriptions') && (r.method === 'POST' || r.method === 'PATCH'));
  assert.ok(sent.some((r) => r.method === 'POST') && sent.some((r) => r.method === 'PATCH'), 'created and renewed');
  for (const r of sent) assert.deepEqual(api.validateRequest({ method: r.method, path: r.path, body: r.body }), [], `${r.method} ${r.path}`);
});
