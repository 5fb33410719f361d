// B-N4 and B-N5 in the local host with push on: 50 changes on both sides each reach the other side through push
// (their timings are printed; `npm run bench` measures them), and the service's own writes cause no more writes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ADELE, pushWorld, until, type PushWorld } from './push-world';
import { medianAndWorst, pushRoundTrips, seedPushPair } from './push-timings';

async function writesSince(w: PushWorld, since: string): Promise<number> {
  let total = 0;
  for (const scope of ['contacts', 'calendar'] as const) {
    for (const run of await w.host.runtime.runs.latest(ADELE, scope, 50)) if (run.startedAt >= since) total += run.writes;
  }
  return total;
}

it('B-N4/B-N5: 50 changes on both sides each arrive through push; the echoes of the service’s own writes write nothing', async (t) => {
  const w = await pushWorld({ users: [ADELE] });
  const ids = await seedPushPair(w);
  assert.ok(ids.contactId !== 'undefined' && ids.eventId !== 'undefined', 'both items were synchronized first');
  const pulls = w.ln.requests.length;
  const { times } = await pushRoundTrips(w, ids, 50);
  assert.equal(times.length, 50, 'every change arrived (each waits at most 5 s)');
  assert.ok(w.ln.requests.length > pulls, 'LN was read by the pushed jobs');
  const { median, worst } = medianAndWorst(times);
  t.diagnostic(`push latency over 50 changes: median ${median} ms, worst ${worst} ms (timed by npm run bench)`);
  const since = new Date().toISOString();
  w.ln.updateContact('C1', { JobTitle: 'Final' });
  await until(() => w.graph.listContacts(ADELE, ids.folderId)[0]?.['jobTitle'] === 'Final');
  await w.quiet();
  const echoes = w.graph.notifications.length;
  assert.ok(echoes > 0, 'Exchange notified the service of its own write');
  assert.equal(await writesSince(w, since), 1, 'exactly the one write the change needed; its echo wrote nothing (B-N5)');
});
