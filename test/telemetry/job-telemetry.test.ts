// B-O1, B-O2: the trace and metrics of a real pull through the sync-worker function (simulators, Azurite), and the
// metrics of webhook notifications, read from in-memory OpenTelemetry providers.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { adminStart } from '../../functions/admin-start';
import { graphWebhook } from '../../functions/graph-webhook';
import { lnWebhook } from '../../functions/ln-webhook';
import { syncWorker } from '../../functions/sync-worker';
import { HttpRequest } from '@azure/functions';
import { ADELE, context, request, runtimeWorld, type RuntimeWorld } from '../functions/runtime-world';
import { installInMemoryTelemetry, type MetricPoint } from './in-memory-telemetry';

const telemetry = installInMemoryTelemetry();
const SECRET = 'telemetry-test-webhook-secret-0123';
/** A started synchronizer over the simulators and Azurite, its first full synchronization done. */
async function started(): Promise<RuntimeWorld> {
  const w = await runtimeWorld({ env: { LN_WEBHOOK_SECRET: SECRET } });
  await adminStart(request('POST', 'admin/start'), context());
  await w.queue.idle();
  return w;
}

const sum = (points: MetricPoint[], where: Record<string, unknown> = {}): number =>
  points.filter((p) => Object.entries(where).every(([k, v]) => p.attributes[k] === v)).reduce((n, p) => n + (typeof p.value === 'number' ? p.value : p.value.count), 0);

/** The spans under `root`, at any depth. */
function descendants(all: ReadableSpan[], root: ReadableSpan): ReadableSpan[] {
  const ids = new Set([root.spanContext().spanId]);
  const found: ReadableSpan[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const s of all) {
      const parent = s.parentSpanContext?.spanId;
      if (parent && ids.has(parent) && !ids.has(s.spanContext().spanId)) {
        ids.add(s.spanContext().spanId);
        found.push(s);
        grew = true;
      }
    }
  }
  return found;
}

async function pullThroughWorker(lines: string[]): Promise<void> {
  const ctx = new InvocationContext({
    functionName: 'sync-worker',
    logHandler: (_level, ...args) => lines.push(args.join(' ')),
    triggerMetadata: { messageId: 'msg-telemetry-1', enqueuedTimeUtc: new Date(Date.now() - 2_000).toISOString() },
  });
  await syncWorker({ job: { kind: 'pull', user: ADELE, scope: 'contacts', full: false, dueAt: new Date().toISOString() }, attempt: 1 }, ctx);
}

it('B-O1: a pull is one trace: the job span carries user, scope, kind, attempt and message id; LN, Graph and Table calls are its children; the log line carries the trace id', async () => {
  const w = await started();
  await telemetry.reset();
  w.world.ln.putContact({ Contact: 'T1', FirstName: 'Tele', LastName: 'Metry', Email: 'tele.metry@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  const lines: string[] = [];
  await pullThroughWorker(lines);
  const spans = telemetry.spans();
  const job = spans.find((s) => s.name === 'sync job pull');
  assert.ok(job, 'a job span');
  assert.deepEqual(
    { user: job.attributes['sync.user'], scope: job.attributes['sync.scope'], kind: job.attributes['sync.job.kind'], attempt: job.attributes['sync.attempt'], id: job.attributes['messaging.message.id'], outcome: job.attributes['sync.outcome'] },
    { user: ADELE, scope: 'contacts', kind: 'pull', attempt: 1, id: 'msg-telemetry-1', outcome: 'done' },
  );
  const children = descendants(spans, job);
  const services = new Set(children.map((s) => s.attributes['sync.service']));
  for (const service of ['ln', 'graph', 'table']) assert.ok(services.has(service), `${service} calls are child spans of the job`);
  assert.ok(children.every((s) => s.spanContext().traceId === job.spanContext().traceId));
  assert.ok(children.some((s) => s.name.startsWith('GRAPH POST') && s.attributes['http.response.status_code'] !== undefined), 'the contact written to Exchange is a span');
  assert.ok(lines.some((l) => l.includes(`trace ${job.spanContext().traceId}`)), `log line with the trace id: ${lines.join(' | ')}`);
});

it('B-O2: a pull records items written per direction and kind, the job duration and outcome, the queue delay, throttled LN requests and the run result', async () => {
  const w = await started();
  await telemetry.reset();
  w.world.ln.putContact({ Contact: 'T2', FirstName: 'Second', LastName: 'Metric', Email: 'second.metric@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  w.world.ln.faults.failNext(1, 429, { retryAfterSeconds: 1, pathIncludes: 'Contacts' });
  await pullThroughWorker([]);
  assert.equal(sum(await telemetry.metric('sync.items.written'), { 'sync.direction': 'to-exchange', 'sync.kind': 'contact', 'sync.action': 'created' }), 1);
  assert.equal(sum(await telemetry.metric('sync.items.written'), { 'sync.direction': 'to-ln' }), 0);
  assert.equal(sum(await telemetry.metric('sync.jobs'), { 'sync.job.kind': 'pull', 'sync.outcome': 'done' }), 1);
  assert.equal(sum(await telemetry.metric('sync.job.duration'), { 'sync.job.kind': 'pull' }), 1);
  const delay = (await telemetry.metric('sync.queue.delay')).find((p) => p.attributes['sync.job.kind'] === 'pull');
  assert.ok(delay && typeof delay.value !== 'number' && delay.value.count === 1 && delay.value.sum >= 2_000, 'queue delay from the enqueued time');
  assert.ok(sum(await telemetry.metric('sync.requests.throttled'), { 'sync.service': 'ln' }) >= 1, 'the 429 from LN is counted');
  assert.equal(sum(await telemetry.metric('sync.runs'), { 'sync.scope': 'contacts', 'sync.result': 'ok', 'sync.user': ADELE }), 1);
});

it('B-O2: a batch part Exchange throttles inside a 200 $batch answer is counted as a throttled Graph request', async () => {
  const w = await started();
  await telemetry.reset();
  w.world.ln.putContact({ Contact: 'T3', FirstName: 'Third', LastName: 'Metric', Email: 'third.metric@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  w.world.graph.faults.failNext(1, 429, { method: 'POST', pathIncludes: '/contacts', retryAfterSeconds: 0 });
  await pullThroughWorker([]);
  assert.equal(sum(await telemetry.metric('sync.items.written'), { 'sync.direction': 'to-exchange', 'sync.action': 'created' }), 1, 'the throttled part was re-sent and written');
  assert.equal(sum(await telemetry.metric('sync.requests.throttled'), { 'sync.service': 'graph', 'sync.batch.part': true }), 1);
});

it('B-O2: webhook notifications are counted as accepted or rejected per source', async () => {
  const w = await started();
  await telemetry.reset();
  const graphBody = JSON.stringify({ value: [{ subscriptionId: '00000000-0000-0000-0000-00000000abcd', clientState: 'not-ours', changeType: 'updated', resource: `Users/${ADELE}/Contacts/x`, resourceData: { id: 'x' }, tenantId: '00000000-0000-0000-0000-000000000001', subscriptionExpirationDateTime: new Date(Date.now() + 3_600_000).toISOString() }] });
  const graphAnswer = await graphWebhook(new HttpRequest({ method: 'POST', url: 'http://localhost/api/graph/notifications', body: { string: graphBody } }), context());
  assert.equal(graphAnswer.status, 202);
  const lnBody = JSON.stringify({ company: w.world.ln.company, entity: 'Contact', id: 'T1', changeType: 'updated', occurredAt: new Date().toISOString() });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const good = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${lnBody}`).digest('hex')}`;
  const send = (signature: string) => lnWebhook(new HttpRequest({ method: 'POST', url: 'http://localhost/api/ln/notifications', headers: { 'x-ln-timestamp': timestamp, 'x-ln-signature': signature }, body: { string: lnBody } }), context());
  const refused = await send(`sha256=${'0'.repeat(64)}`);
  assert.equal(refused.status, 401);
  const accepted = await send(good);
  const points = await telemetry.metric('sync.webhook.notifications');
  assert.equal(sum(points, { 'sync.source': 'graph', 'sync.result': 'rejected' }), 1, 'a notification with a foreign clientState is rejected');
  assert.equal(sum(points, { 'sync.source': 'graph', 'sync.result': 'accepted' }), 0);
  assert.equal(sum(points, { 'sync.source': 'ln', 'sync.result': 'rejected' }), 1, 'a bad signature is rejected');
  assert.equal(sum(points, { 'sync.source': 'ln', 'sync.result': 'accepted' }), accepted.status === 202 ? 1 : 0);
  assert.equal(accepted.status, 202, JSON.stringify(accepted.jsonBody));
});
