// Tests renderStatusPage/escapeHtml: state, settings, users, runs, conflicts and dead letters are shown,
// every user-supplied value is HTML-escaped, the admin forms carry the action query, and there is no script.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderStatusPage } from '../../shared/app/status-page';
import type { StatusView, UserStatusView } from '../../shared/app/status-view';
import { newRunReport, type RunReport } from '../../shared/sync/run-report';

const EVIL = `<script>alert("x")</script>'`;
const EVIL_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;';

function run(user: string, scope: RunReport['scope'], startedAt: string, full: boolean): RunReport {
  const r = newRunReport(user, scope, full, startedAt);
  r.finishedAt = startedAt;
  return r;
}

function userView(user: string): UserStatusView {
  const latest = run(user, 'contacts', '2024-05-02T10:00:00Z', false);
  latest.toExchange = { created: 11, updated: 12, deleted: 13 };
  latest.toLn = { created: 21, updated: 22, deleted: 23 };
  latest.conflicts.push({ field: 'jobTitle', lnValue: 'Chief Buyer', exchangeValue: 'Head of Purchasing', winner: 'exchange', lnKey: 'BP001|1', exchangeId: 'AAMk1' });
  latest.errors.push({ action: 'update', message: 'boom', transient: true });
  const older = run(user, 'contacts', '2024-05-01T10:00:00Z', true);
  return {
    status: {
      user,
      mailbox: 'ok',
      needsAttention: [{ scope: 'contacts', message: 'Too many deletes (40 of 50)', since: '2024-05-02T10:00:00Z' }],
      lastError: { scope: 'calendar', message: 'Graph 503 Service Unavailable', transient: true, at: '2024-05-02T09:00:00Z' },
      deadLetters: [{ job: '{"user":"x"}', reason: 'Poison message after 5 attempts', at: '2024-05-02T08:00:00Z' }],
      warnings: ['Role code XYZ has no Exchange category'],
      updatedAt: '2024-05-02T10:05:00Z',
    },
    runs: { contacts: [latest, older], calendar: [] },
  };
}

function view(users: UserStatusView[] = [userView('anna@example.com')]): StatusView {
  return {
    generatedAt: '2024-05-02T10:10:00Z',
    synchronizer: {
      state: 'started',
      changedAt: '2024-05-01T07:00:00Z',
      lastTick: '2024-05-02T10:09:00Z',
      settings: {
        synchronizeContacts: true,
        synchronizeActivities: false,
        contactPullInterval: { number: 15, unit: 'Minutes' },
        calendarPullInterval: { number: 2, unit: 'Hours' },
        enablePushSynchronization: true,
        users: ['anna@example.com', 'bob@example.com', 'carl@example.com'],
        readAt: '2024-05-02T10:00:00Z',
      },
    },
    users,
  };
}

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    assert.equal(escapeHtml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&#39;f');
    assert.equal(escapeHtml('plain ↔ text'), 'plain ↔ text');
  });
});

describe('renderStatusPage', () => {
  it('is a complete HTML5 document with charset, title and a JSON link', () => {
    const html = renderStatusPage(view(), {});
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<title>LN ↔ Exchange synchronizer<\/title>/);
    assert.match(html, /<a href="\/api\/admin\/status">/);
    assert.match(html, /<\/html>\s*$/);
  });

  it('shows the synchronizer state and settings', () => {
    const html = renderStatusPage(view(), {});
    assert.match(html, /Started<\/strong> since <time datetime="2024-05-01T07:00:00Z">/);
    assert.match(html, /Last scheduler tick<\/th><td><time datetime="2024-05-02T10:09:00Z">/);
    assert.match(html, /Contacts<\/th><td><span class="ok">on<\/span>/);
    assert.match(html, /Activities \(calendar\)<\/th><td><span class="off">off<\/span>/);
    assert.match(html, /Contact pull interval<\/th><td>15 Minutes/);
    assert.match(html, /Calendar pull interval<\/th><td>2 Hours/);
    assert.match(html, /Push synchronization<\/th><td><span class="ok">on<\/span>/);
    assert.match(html, /Sync users<\/th><td>3</);
  });

  it('shows a stopped synchronizer with its settings error', () => {
    const v = view([]);
    v.synchronizer = { state: 'stopped', changedAt: '2024-05-01T07:00:00Z', settingsError: 'Field pullInterval is not a number' };
    const html = renderStatusPage(v, {});
    assert.match(html, /Stopped<\/strong>/);
    assert.match(html, /Field pullInterval is not a number/);
    assert.match(html, /No LN settings read yet/);
    assert.match(html, /No sync users/);
    assert.match(html, /none yet/);
  });

  it('shows per user the mailbox, attention items, last error, runs, conflicts, dead letters and warnings', () => {
    const html = renderStatusPage(view(), {});
    assert.match(html, /<h2 id="user-0">anna@example.com<\/h2>/);
    assert.match(html, /Mailbox<\/th><td><strong class="ok">ok<\/strong>/);
    assert.match(html, /Needs attention/);
    assert.match(html, /Too many deletes \(40 of 50\)/);
    assert.match(html, /Graph 503 Service Unavailable/);
    assert.match(html, /<th scope="col">created<\/th>/);
    assert.match(html, /<td>incremental<\/td><td class="num">11<\/td><td class="num">12<\/td><td class="num">13<\/td><td class="num">21<\/td><td class="num">22<\/td><td class="num">23<\/td><td class="num">1<\/td><td class="num bad">1<\/td>/);
    assert.match(html, /<td>full<\/td>/);
    assert.match(html, /<td>jobTitle<\/td><td>Chief Buyer<\/td><td>Head of Purchasing<\/td><td>Exchange<\/td>/);
    assert.match(html, /<td>Poison message after 5 attempts<\/td><td><time datetime="2024-05-02T08:00:00Z">/);
    assert.match(html, /<li>Role code XYZ has no Exchange category<\/li>/);
    assert.match(html, /Calendar runs<\/h3>\n<p>No runs yet/);
  });

  it('shows a mailbox problem and no confirm form without attention items', () => {
    const u = userView('bob@example.com');
    u.status.mailbox = 'No mailbox found';
    u.status.needsAttention = [];
    const html = renderStatusPage(view([u]), {});
    assert.match(html, /<strong class="bad">No mailbox found<\/strong>/);
    assert.ok(!html.includes('confirm-deletes'));
    assert.ok(!html.includes('Needs attention</h3>'));
  });

  it('includes the start, stop and confirm-deletes forms and links with the action query', () => {
    const html = renderStatusPage(view(), { actionQuery: '?code=k&ey"1' });
    assert.match(html, /<form method="post" action="\/api\/admin\/start\?code=k&amp;ey&quot;1">/);
    assert.match(html, /<form method="post" action="\/api\/admin\/stop\?code=k&amp;ey&quot;1">/);
    assert.match(html, /<form method="post" action="\/api\/admin\/users\/anna%40example.com\/confirm-deletes\?code=k&amp;ey&quot;1">/);
    assert.match(html, /<a href="\/api\/admin\/status\?code=k&amp;ey&quot;1">/);
  });

  it('escapes script and quotes in every kind of value', () => {
    const u = userView(`eve${EVIL}@example.com`);
    u.status.mailbox = `refused ${EVIL}`;
    u.status.warnings = [`warning ${EVIL}`];
    u.status.needsAttention = [{ scope: 'contacts', message: `attention ${EVIL}`, since: EVIL }];
    u.status.lastError = { scope: 'contacts', message: `error ${EVIL}`, transient: false, at: EVIL };
    u.status.deadLetters = [{ job: EVIL, reason: `dead ${EVIL}`, at: EVIL }];
    const latest = u.runs.contacts[0];
    assert.ok(latest);
    latest.conflicts = [{ field: `field ${EVIL}`, lnValue: `ln ${EVIL}`, exchangeValue: `ex ${EVIL}`, winner: 'ln', lnKey: EVIL, exchangeId: EVIL }];
    latest.startedAt = EVIL;
    const v = view([u]);
    v.synchronizer.settingsError = `settings ${EVIL}`;
    v.generatedAt = EVIL;
    const html = renderStatusPage(v, { actionQuery: `?code=${EVIL}` });

    assert.ok(!/<script/i.test(html), 'no script element');
    for (const prefix of ['eve', 'refused ', 'warning ', 'attention ', 'error ', 'dead ', 'field ', 'ln ', 'ex ', 'settings ']) {
      assert.ok(html.includes(prefix + EVIL_ESCAPED), `escaped ${prefix.trim()} value`);
    }
    assert.ok(!html.includes('"x"'), 'no raw double quotes from values');
    assert.ok(!html.includes(`</script>'`), 'no raw single quote from values');
    // the email in the confirm-deletes path is URL-encoded, so nothing can break out of the attribute
    assert.ok(html.includes(`/api/admin/users/${encodeURIComponent(u.status.user).replace(/'/g, '&#39;')}/confirm-deletes`));
  });

  it('contains no script at all', () => {
    assert.ok(!/<script/i.test(renderStatusPage(view(), { actionQuery: '?code=abc' })));
  });
});
