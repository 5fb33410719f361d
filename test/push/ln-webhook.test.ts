// B-N3 and hardening: the LN webhook exactly as ln-api.md says — HMAC over "{timestamp}.{raw body}", a 5-minute
// window, batches of up to 100, 202/400/401 — and nothing queued when a request is refused.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { signLnWebhook } from '../../shared/push/ln-webhook-verifier';
import { ADELE, pushWorld } from './push-world';

function send(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/api/ln/notifications`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

it('B-N3: a signed notification is queued; bad or missing signatures, stale timestamps, replays and bad bodies are refused with nothing queued', async () => {
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
  assert.equal((await send(w.host.url, body, ok)).status, 401, 'the same signed request replayed');
  await w.host.queue.idle();
  assert.equal(w.host.queue.stats().processed, before + 1);
});
