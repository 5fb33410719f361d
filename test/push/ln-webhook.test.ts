// B-N3 and hardening: the LN webhook exactly as ln-api.md says — HMAC over "{timestamp}.{raw body}", a 5-minute
// window, batches of up to 100, 202/400/401 — nothing queued when a request is refused; a repeat re-runs its jobs once, later.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { signLnWebhook } from '../../shared/push/ln-webhook-verifier';
import { ADELE, pushWorld } from './push-world';
import { buildRuntime } from '../../shared/app/build-runtime';
import { buildServices } from '../../shared/app/build-services';
import { handleLnWebhook } from '../../shared/app/ln-webhook';
import type { JobEnvelope } from '../../shared/queue/sync-job.schema';

function send(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/api/ln/notifications`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

it('B-N3: a signed notification is queued; bad or missing signatures, stale timestamps and bad bodies are refused with nothing queued; a repeated request is accepted and re-runs its job once, later', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ company: w.ln.company, entity: 'Contact', id: 'C1', changeType: 'updated', occurredAt: new Date().toISOString() });
  const signed = (ts: number, raw = body, secret = w.secret) => ({ 'x-ln-timestamp': String(ts), 'x-ln-signature': signLnWebhook(secret, String(ts), raw) });
  const before = w.host.queue.stats().processed;
  assert.equal((await send(w.host.url, body, {})).status, 401, 'no signature');
  assert.equal((await send(w.host.url, body, signed(now, body, 'not-the-secret-at-all'))).status, 401, 'wrong secret');
  assert.equal((await send(w.host.url, body, signed(Math.floor(Date.now() / 1000) - 330))).status, 401, 'older than five minutes');
  assert.equal((await send(w.host.url, body, signed(Math.floor(Date.now() / 1000) + 330))).status, 401, 'five minutes ahead');
  assert.equal((await send(w.host.url, '{"company":', signed(now, '{"company":'))).status, 400, 'malformed JSON');
  const tooMany = JSON.stringify({ value: Array.from({ length: 101 }, (_, i) => ({ company: w.ln.company, entity: 'Contact', id: `C${i}`, changeType: 'updated', occurredAt: new Date().toISOString() })) });
  assert.equal((await send(w.host.url, tooMany, signed(now, tooMany))).status, 400, 'more than 100');
  const huge = JSON.stringify({ company: w.ln.company, entity: 'Contact', id: 'x'.repeat(1024 * 1024), changeType: 'updated', occurredAt: new Date().toISOString() });
  assert.equal((await send(w.host.url, huge, signed(now, huge))).status, 400, 'a 1 MiB body');
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before, 'nothing queued by any refusal');
  const ok = signed(now);
  assert.equal((await send(w.host.url, body, ok)).status, 202);
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before + 1);
  assert.equal((await send(w.host.url, body, ok)).status, 202, 'the same signed request again (two edits in one second look alike): accepted');
  assert.equal((await send(w.host.url, body, ok)).status, 202, 'and again');
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before + 1, 'not run again at once');
  assert.equal(w.host.queue.stats().scheduled, 1, 'but once more later: the repeats collapse into one delayed job');
});

it('B-N3: the signature covers the raw bytes — a signed body starting with a UTF-8 BOM is accepted — and a request seen by one instance is only re-run later by another', async () => {
  const w = await pushWorld({ users: [ADELE] });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const now = Math.floor(Date.now() / 1000);
  const json = JSON.stringify({ company: w.ln.company, entity: 'Contact', id: 'C7', changeType: 'updated', occurredAt: new Date().toISOString() });
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]);
  const headers = { 'content-type': 'application/json', 'x-ln-timestamp': String(now), 'x-ln-signature': signLnWebhook(w.secret, now, bytes) };
  const before = w.host.queue.stats().processed;
  assert.equal((await fetch(`${w.host.url}/api/ln/notifications`, { method: 'POST', headers, body: bytes })).status, 202);
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before + 1, 'queued');
  const sent: JobEnvelope[] = [];
  const scheduled: { envelope: JobEnvelope; notBefore: Date }[] = [];
  const second = buildRuntime(buildServices(w.host.runtime.services.config), { send: async (e) => void sent.push(...e), schedule: async (envelope, notBefore) => void scheduled.push({ envelope, notBefore }) });
  const received = Date.now();
  const replay = await handleLnWebhook(second, { rawBody: bytes, timestamp: String(now), signature: headers['x-ln-signature'] });
  assert.equal(replay.status, 202);
  assert.deepEqual(sent, [], 'the second instance knows the request from Table Storage and queues nothing at once');
  assert.equal(scheduled.length, 1, 'its job is re-run once, later');
  const delayMs = w.host.runtime.services.config.ln.webhookRepeatDelaySeconds * 1000;
  assert.ok(scheduled[0]!.notBefore.getTime() >= received + delayMs, 'after the repeat delay');
  assert.match(String((scheduled[0]!.envelope.job as { repeat?: string }).repeat), /^[0-9a-f]{16}#1$/, 'as repeat number 1 of this request');
});
