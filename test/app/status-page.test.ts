// Tests the console's overview and user page rendering: counts by health, problem-first rows, paging links, controls
// that follow the state, held items, plain words (relative times, intervals, no rule ids in text), escaping, no script.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OverviewView, UserPageView } from '../../shared/app/console/console-data';
import { renderUserPage } from '../../shared/app/console/user-page';
import { everyInterval, plainError, relativeTime, splitRule } from '../../shared/app/console/plain-words';
import { escapeHtml, renderStatusPage } from '../../shared/app/status-page';
import { newRunReport } from '../../shared/sync/run-report';

const NOW = new Date('2024-05-02T10:10:00Z');
const EVIL = `<script>alert("x")</script>'`;
const ctx = { now: NOW, csrf: 'tok"en', flash: undefined };

function overviewView(state: 'started' | 'stopped' = 'started'): OverviewView {
  return {
    now: NOW.toISOString(),
    synchronizer: {
      state,
      changedAt: '2024-05-01T07:00:00Z',
      lastTick: '2024-05-02T10:09:00Z',
      settings: {
        synchronizeContacts: true, synchronizeActivities: false,
        contactPullInterval: { number: 15, unit: 'Minutes' }, calendarPullInterval: { number: 1, unit: 'Hours' },
        enablePushSynchronization: true, users: ['a@example.com', 'b@example.com'], readAt: '2024-05-02T10:00:00Z',
      },
    },
    total: 120,
    counts: { failing: 1, mailbox: 0, 'dead-letters': 0, attention: 1, push: 0, ok: 118 },
    query: { search: '', health: undefined, page: 2 },
    matched: 120,
    pages: 3,
    rows: [
      { user: `x${EVIL}@example.com`, problems: ['failing'], headline: 'B-I3: LN answered 500 <html><body>boom</body></html>', updatedAt: '2024-05-02T10:07:00Z' },
      { user: 'ok@example.com', problems: [], updatedAt: '2024-05-02T09:10:00Z' },
    ],
  };
}

function userView(): UserPageView {
  const run = newRunReport('anna@example.com', 'contacts', false, '2024-05-02T10:00:00Z');
  run.needsAttention = 'B-I3: run would delete 14 of 40 linked items';
  run.held = [{ lnKey: 'C7', exchangeId: 'AAMk7', name: 'Ada Lovelace' }];
  run.errors.push({ lnKey: 'C9', action: 'update', message: 'LN answered 500\n    at foo (x.js:1)', transient: true });
  return {
    now: NOW.toISOString(),
    started: true,
    known: true,
    status: {
      user: 'anna@example.com', mailbox: 'ok',
      needsAttention: [{ scope: 'contacts', message: run.needsAttention, since: '2024-05-02T10:00:00Z' }],
      deadLetters: [{ job: '{}', reason: 'gave up after 6 attempts', at: '2024-05-02T08:00:00Z' }],
      warnings: ['employee E1 has email X: matched ignoring case (B-A4)'],
      updatedAt: '2024-05-02T10:05:00Z',
    },
    scopes: { contacts: { runs: [run], held: run.held }, calendar: { runs: [], held: [] } },
    subscriptions: [],
  };
}

describe('plain words (B-U6)', () => {
  it('B-U6: relative times, intervals, rule ids split off, errors without HTML or stack traces', () => {
    assert.equal(relativeTime('2024-05-02T10:07:00Z', NOW), '3 minutes ago');
    assert.equal(relativeTime('2024-05-02T12:10:00Z', NOW), 'in 2 hours');
    assert.equal(everyInterval({ number: 15, unit: 'Minutes' }), 'every 15 minutes');
    assert.equal(everyInterval({ number: 1, unit: 'Hours' }), 'every hour');
    assert.deepEqual(splitRule('B-I3: run would delete'), { text: 'Run would delete', rule: 'B-I3' });
    assert.equal(plainError('LN answered 500 <!DOCTYPE html><html>…</html>'), 'LN answered 500 (answered with an HTML error page)');
    assert.equal(plainError('boom\n    at x (y.js:1:1)', 'Graph'), 'Graph: boom');
  });
});

describe('overview (B-U1)', () => {
  it('B-U1: shows counts by health, problem rows with their headline in plain words, and paging links', () => {
    const html = renderStatusPage(overviewView(), ctx);
    assert.match(html, /data-health="ok">118<\/span>ok/);
    assert.match(html, /data-health="failing">1<\/span>failing/);
    assert.match(html, /LN answered 500 \(answered with an HTML error page\)/);
    assert.ok(!html.includes('B-I3'), 'no rule id in the text');
    assert.match(html, /Users 51–52 of 120 · page 2 of 3/);
    assert.match(html, /rel="prev" href="\/api\/admin\/status\.html"/);
    assert.match(html, /rel="next" href="\/api\/admin\/status\.html\?page=3"/);
    assert.match(html, /pulled every 15 minutes/);
    assert.match(html, /<time datetime="2024-05-02T10:07:00Z" title="2 May 2024, 10:07 UTC">3 minutes ago<\/time>/);
  });

  it('B-U2: controls follow the state: Stop on a started synchronizer, Start on a stopped one', () => {
    const started = renderStatusPage(overviewView('started'), ctx);
    assert.match(started, />Stop synchronizing</);
    assert.ok(!started.includes('>Start synchronizing<'));
    const stopped = renderStatusPage(overviewView('stopped'), ctx);
    assert.match(stopped, />Start synchronizing</);
    assert.ok(!stopped.includes('>Stop synchronizing<'));
  });

  it('escapes every value, carries the CSRF token in forms, never the admin token, and has no script', () => {
    const html = renderStatusPage(overviewView(), ctx);
    assert.ok(!html.includes(EVIL));
    assert.ok(html.includes(escapeHtml(`x${EVIL}@example.com`)));
    assert.match(html, /<input type="hidden" name="csrf" value="tok&quot;en">/);
    assert.ok(!/code=/.test(html));
    assert.ok(!/<script/i.test(html));
  });
});

describe('user page (B-U1, B-U3)', () => {
  it('B-U3: lists each held item with name, LN key and mailbox item, with confirm and reject forms', () => {
    const html = renderUserPage(userView(), ctx);
    assert.match(html, /<td>Ada Lovelace<\/td><td>C7<\/td><td><code>AAMk7<\/code><\/td>/);
    assert.match(html, /action="\/api\/admin\/console\/confirm-deletes"/);
    assert.match(html, /action="\/api\/admin\/console\/reject-deletes"/);
    assert.match(html, /<span title="rule B-I3">Run would delete 14 of 40 linked items<\/span>/);
  });

  it('B-U6: errors without stack traces, warnings without rule ids, dead letters with a retry form', () => {
    const html = renderUserPage(userView(), ctx);
    assert.match(html, /C9: LN answered 500 <small>/);
    assert.ok(!html.includes('x.js'));
    assert.match(html, /matched ignoring case<\/li>/);
    assert.match(html, /action="\/api\/admin\/console\/retry-dead-letter"/);
  });
});
