// Tests of the LN webhook's request verification (ln-api.md): signature, timestamp window, body, company, replay.
// Pure-function tests with a fixed clock; the signature is always checked before the body is looked at.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signLnWebhook, verifyLnWebhook, type LnWebhookInput } from '../../shared/push/ln-webhook-verifier';

const SECRET = 'test-only-webhook-secret';
const NOW = new Date('2026-11-21T09:30:00Z');
const NOW_S = NOW.getTime() / 1000;

const notification = (over: Record<string, unknown> = {}) => ({
  company: '100',
  entity: 'Activity',
  id: 'ACT000123',
  changeType: 'updated',
  occurredAt: '2026-11-21T09:30:00Z',
  ...over,
});

/** A correctly signed request for `rawBody`, with any field overridden. */
function request(rawBody: string, over: Partial<LnWebhookInput> = {}): LnWebhookInput {
  const timestamp = over.timestampHeader ?? String(NOW_S);
  return {
    rawBody,
    timestampHeader: timestamp,
    signatureHeader: signLnWebhook(SECRET, timestamp, rawBody),
    secret: SECRET,
    now: NOW,
    company: '100',
    ...over,
  };
}

function rejected(input: LnWebhookInput, status: 400 | 401, reason?: RegExp): void {
  const verdict = verifyLnWebhook(input);
  assert.equal(verdict.ok, false);
  if (verdict.ok) return;
  assert.equal(verdict.status, status, verdict.reason);
  if (reason) assert.match(verdict.reason, reason);
  assert.ok(!verdict.reason.includes(SECRET));
}

describe('LN webhook verification', () => {
  it('accepts a signed single notification', () => {
    const verdict = verifyLnWebhook(request(JSON.stringify(notification())));
    assert.deepEqual(verdict, { ok: true, notifications: [notification()] });
  });

  it('accepts a signed batch of up to 100', () => {
    const value = Array.from({ length: 100 }, (_, i) => notification({ id: `ACT${i}`, entity: i % 2 ? 'Contact' : 'Activity' }));
    const verdict = verifyLnWebhook(request(JSON.stringify({ value })));
    assert.ok(verdict.ok);
    assert.equal(verdict.notifications.length, 100);
    assert.equal(verdict.notifications[1]?.entity, 'Contact');
  });

  it('signs as sha256=<hex HMAC of "{timestamp}.{body}">', () => {
    // Known answer computed independently (openssl dgst -sha256 -hmac secret over "1763717400.{}").
    assert.equal(signLnWebhook('secret', 1763717400, '{}'), 'sha256=14b1ff901ed7a5151479d135f152883621e5066ea0fd8cbf795ebfefcc66fca7');
    assert.equal(signLnWebhook('k', '1', 'b'), signLnWebhook('k', 1, 'b'));
    assert.notEqual(signLnWebhook('k', '1', 'b'), signLnWebhook('k', '2', 'b'));
  });

  it('accepts an upper-case hex signature and timestamps exactly 5 minutes off', () => {
    const body = JSON.stringify(notification());
    const upper = request(body);
    assert.ok(verifyLnWebhook({ ...upper, signatureHeader: `sha256=${(upper.signatureHeader ?? '').slice(7).toUpperCase()}` }).ok);
    assert.ok(verifyLnWebhook(request(body, { timestampHeader: String(NOW_S - 300) })).ok);
    assert.ok(verifyLnWebhook(request(body, { timestampHeader: String(NOW_S + 300) })).ok);
  });

  it('answers 401 for a wrong secret, missing headers or a malformed signature', () => {
    const body = JSON.stringify(notification());
    const good = request(body);
    rejected({ ...good, secret: 'another-secret' }, 401, /invalid signature/);
    rejected({ ...good, signatureHeader: signLnWebhook('another-secret', NOW_S, body) }, 401);
    rejected({ ...good, signatureHeader: null }, 401, /X-LN-Signature/);
    rejected({ ...good, signatureHeader: '' }, 401, /X-LN-Signature/);
    rejected({ ...good, timestampHeader: null }, 401, /X-LN-Timestamp/);
    const hex = (good.signatureHeader ?? '').slice('sha256='.length);
    for (const malformed of [hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'zz'.repeat(32)}`, 'sha256=']) {
      rejected({ ...good, signatureHeader: malformed }, 401);
    }
    rejected({ ...good, rawBody: `${body} ` }, 401, /invalid signature/);
    rejected({ ...good, secret: '' }, 401);
  });

  it('answers 401 for a timestamp 6 minutes old or ahead, or not Unix seconds', () => {
    const body = JSON.stringify(notification());
    rejected(request(body, { timestampHeader: String(NOW_S - 360) }), 401, /5 minutes/);
    rejected(request(body, { timestampHeader: String(NOW_S + 360) }), 401, /5 minutes/);
    for (const ts of ['abc', '-1', '1.5', NOW.toISOString()]) rejected(request(body, { timestampHeader: ts }), 401);
    // A signature over one timestamp does not cover another.
    rejected({ ...request(body), timestampHeader: String(NOW_S + 1) }, 401, /invalid signature/);
  });

  it('answers 400 naming the problem for a body that does not parse', () => {
    rejected(request('{"company":'), 400, /not valid JSON/);
    rejected(request('[]'), 400);
    const value = Array.from({ length: 101 }, (_, i) => notification({ id: `A${i}` }));
    rejected(request(JSON.stringify({ value })), 400, /^value:/);
    rejected(request(JSON.stringify({ value: [] })), 400, /^value:/);
    rejected(request(JSON.stringify(notification({ changeType: 'patched' }))), 400, /changeType/);
    rejected(request(JSON.stringify({ value: [notification(), notification({ entity: 'Lead' })] })), 400, /value\.1\.entity/);
    rejected(request(JSON.stringify(notification({ occurredAt: 'yesterday' }))), 400, /occurredAt/);
    rejected(request(JSON.stringify(notification({ id: '' }))), 400, /id/);
  });

  it('answers 400 for a notification for another company', () => {
    rejected(request(JSON.stringify(notification({ company: '200' }))), 400, /^company:/);
    rejected(request(JSON.stringify({ value: [notification(), notification({ company: '200' })] })), 400, /value\.1\.company/);
  });

  it('checks the signature before the body is parsed', () => {
    // An unsigned (or wrongly signed) garbage body is a 401, never a 400 that would reveal parsing.
    const garbage = '{not json';
    rejected({ ...request(garbage), signatureHeader: signLnWebhook('wrong', NOW_S, garbage) }, 401);
    rejected({ ...request(garbage), timestampHeader: String(NOW_S - 3600), signatureHeader: signLnWebhook(SECRET, NOW_S - 3600, garbage) }, 401);
    const original = JSON.parse;
    let parsed = 0;
    JSON.parse = (...args: Parameters<typeof JSON.parse>): unknown => {
      parsed++;
      return original(...args) as unknown;
    };
    try {
      verifyLnWebhook({ ...request(JSON.stringify(notification())), secret: 'wrong' });
    } finally {
      JSON.parse = original;
    }
    assert.equal(parsed, 0);
  });
});
