// B-N2 and webhook hardening through the local host over HTTP: the validation handshake, clientState checked in
// constant time, unknown subscriptions, malformed and oversized bodies — nothing queued for any of them.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, pushWorld } from './push-world';
import { medianAndWorst, notificationBurst } from './push-timings';

async function post(url: string, body: string, query = ''): Promise<Response> {
  return fetch(`${url}/api/graph/notifications${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

it('B-N2: the validation handshake answers 200 text/plain with the decoded token and nothing else', async () => {
  const w = await pushWorld({ users: [ADELE] });
  const res = await post(w.host.url, '', `?validationToken=${encodeURIComponent('Validation: Testing client application reachability <a>&b')}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(await res.text(), 'Validation: Testing client application reachability <a>&b');
});

it('B-N2: notifications are checked against the stored clientState: wrong, missing or unknown ⇒ nothing queued; a good one ⇒ 202 and one job per item', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const sub = (await w.host.runtime.subscriptions.list()).find((r) => r.resource === 'events');
  assert.ok(sub);
  const note = (clientState: string | undefined, subscriptionId = sub.subscriptionId, id = 'AAMkEVENT1') => ({
    value: [{ subscriptionId, ...(clientState !== undefined ? { clientState } : {}), changeType: 'updated', resource: `Users/x/Events/${id}`, resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/x/Events/${id}`, id } }],
  });
  const before = w.host.queue.stats();
  for (const body of [note('wrong-secret'), note(undefined), note(sub.clientState, 'unknown-subscription')]) {
    assert.equal((await post(w.host.url, JSON.stringify(body))).status, 202, 'answered, so Graph does not retry');
  }
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before.processed, 'nothing queued');
  const good = { value: [...note(sub.clientState, sub.subscriptionId, 'E1').value, ...note(sub.clientState, sub.subscriptionId, 'E2').value, ...note(sub.clientState, sub.subscriptionId, 'E1').value] };
  const started = Date.now();
  const res = await post(w.host.url, JSON.stringify(good));
  assert.equal(res.status, 202);
  assert.ok(Date.now() - started < 3000, 'within Graph’s 3-second budget');
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before.processed + 2, 'one job per changed item, duplicates dropped');
});

it('B-N2: a burst of 300 notifications is answered 202 each and queues one job per changed item', async (t) => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const before = w.host.queue.stats().processed;
  const { times, statuses } = await notificationBurst(w, 300);
  assert.deepEqual(new Set(statuses), new Set([202]));
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before + 300, 'one job per changed item');
  const { median, worst } = medianAndWorst(times);
  t.diagnostic(`answers: median ${median} ms, slowest ${worst} ms (timed by npm run bench against Graph's 3 s)`);
});

it('B-N2: malformed JSON, a non-notification body and a 1 MiB body are rejected and queue nothing', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const before = w.host.queue.stats().processed;
  assert.equal((await post(w.host.url, '{"value": [')).status, 400);
  assert.equal((await post(w.host.url, JSON.stringify({ value: [{ hello: 'world' }] }))).status, 400);
  assert.equal((await post(w.host.url, 'x'.repeat(1024 * 1024))).status, 413);
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before);
});
