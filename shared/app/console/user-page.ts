// The console's page for one sync user (B-U1, B-U2, B-U3, B-U6): health, actions that follow the state, held
// deletions item by item with confirm and reject, runs, errors in plain words, conflicts, dead letters, subscriptions.
import type { RunReport } from '../../sync/run-report';
import { HEALTH_LABELS, problemsOf } from '../user-health';
import type { ScopeView, UserPageView } from './console-data';
import { escapeHtml, kvRow, postForm, reasonHtml, renderDocument, timeFullHtml, timeHtml, userPath, type PageContext } from './console-layout';
import { plainError, withoutRuleIds } from './plain-words';

const SCOPES: Array<RunReport['scope']> = ['contacts', 'calendar'];
const scopeLabel = (s: string): string => (s === 'contacts' ? 'Contacts' : s === 'calendar' ? 'Calendar' : s);

/** Extra sections other pages add under the user's header (item history, preview). */
export function renderUserPage(view: UserPageView, ctx: PageContext, extra: string[] = []): string {
  const user = view.status.user;
  return renderDocument(user, ctx, [
    `<p><a href="/api/admin/status.html">← Overview</a></p>`,
    `<h1>${escapeHtml(user)}</h1>`,
    view.known ? '' : '<p class="warn">This address is not a sync user in LN and has no status.</p>',
    renderSummary(view, ctx),
    renderActions(view, ctx),
    ...extra,
    renderItemLookup(user),
    ...SCOPES.map((s) => renderHeld(s, view.scopes[s], view, ctx)),
    ...SCOPES.map((s) => renderRuns(s, view.scopes[s].runs, ctx.now)),
    renderDeadLetters(view, ctx),
    renderSubscriptions(view, ctx.now),
    renderWarnings(view.status.warnings),
  ]);
}

function renderSummary(view: UserPageView, ctx: PageContext): string {
  const st = view.status;
  const problems = problemsOf(st);
  const health = problems.length === 0 ? '<strong class="ok">ok</strong>' : problems.map((p) => `<strong class="bad">${escapeHtml(HEALTH_LABELS[p])}</strong>`).join(', ');
  const rows = [
    kvRow('Health', `<span id="user-health">${health}</span>`),
    kvRow('Mailbox', st.mailbox === 'ok' ? '<span class="ok">reachable</span>' : `<span class="bad">${escapeHtml(plainError(st.mailbox, 'Exchange'))}</span>`),
    kvRow('Status updated', timeFullHtml(st.updatedAt, ctx.now)),
  ];
  if (st.pushProblem !== undefined) rows.push(kvRow('Push', `<span class="bad">${escapeHtml(plainError(st.pushProblem, 'Graph'))}</span>`));
  const parts = [`<table class="kv"><tbody>${rows.join('')}</tbody></table>`];
  if (st.lastError !== undefined) {
    const e = st.lastError;
    const kind = e.transient ? 'will be retried' : 'will not be retried until something changes';
    parts.push(`<div class="alert" role="alert"><h3>Last error (${escapeHtml(scopeLabel(e.scope))}, ${timeHtml(e.at, ctx.now)}, ${kind})</h3><p id="last-error">${escapeHtml(plainError(e.message))}</p></div>`);
  }
  return parts.join('\n');
}

function renderActions(view: UserPageView, ctx: PageContext): string {
  const user = view.status.user;
  const back = userPath(user);
  const preview = SCOPES.map((s) => `<a href="${escapeHtml(`${back}/preview/${s}`)}">Preview ${s}</a>`).join(' ');
  if (!view.started) return `<section aria-labelledby="act-h"><h2 id="act-h">Actions</h2><p>The synchronizer is stopped: start it on the overview to synchronize. ${preview}</p></section>`;
  const forms = [
    postForm(ctx, 'sync', 'Sync contacts now', { user, scope: 'contacts', back }),
    postForm(ctx, 'sync', 'Sync calendar now', { user, scope: 'calendar', back }),
    postForm(ctx, 'sync', 'Full synchronization of both', { user, scope: 'all', full: 'true', back }),
  ];
  return `<section aria-labelledby="act-h"><h2 id="act-h">Actions</h2><div class="actions">${forms.join('')}</div><p>What would a synchronization do now? ${preview}</p></section>`;
}

function renderItemLookup(user: string): string {
  return (
    '<section aria-labelledby="find-h"><h2 id="find-h">Find an item</h2>' +
    `<form method="get" action="${escapeHtml(`${userPath(user)}/items`)}" class="actions" role="search">` +
    '<label for="item">LN key, email or Exchange id</label><input id="item" name="id" required>' +
    '<button type="submit">Show history</button></form></section>'
  );
}

function renderHeld(scope: RunReport['scope'], sv: ScopeView, view: UserPageView, ctx: PageContext): string {
  const attention = view.status.needsAttention.find((a) => a.scope === scope);
  if (!attention) return '';
  const user = view.status.user;
  const back = userPath(user);
  const rows = sv.held.map((h) => `<tr><td>${escapeHtml(h.name ?? '(no name)')}</td><td>${escapeHtml(h.lnKey)}</td><td><code>${escapeHtml(h.exchangeId ?? '—')}</code></td></tr>`);
  const table = sv.held.length === 0
    ? '<p>The items are listed after the next run.</p>'
    : `<table class="held" data-scope="${scope}"><thead><tr><th scope="col">Name</th><th scope="col">LN key</th><th scope="col">Mailbox item</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const controls = [
    view.started ? postForm(ctx, 'confirm-deletes', `Confirm: delete these ${scope}`, { user, scope, back }) : '<span>Start the synchronizer to confirm.</span>',
    postForm(ctx, 'reject-deletes', 'Reject: keep them', { user, scope, back }),
  ];
  return (
    `<section class="alert" aria-labelledby="held-${scope}"><h3 id="held-${scope}">${escapeHtml(scopeLabel(scope))}: deletions held back</h3>` +
    `<p>${reasonHtml(attention.message)} <small>(since ${timeHtml(attention.since, ctx.now)})</small></p>${table}` +
    `<div class="actions">${controls.join('')}</div>` +
    '<p><small>Reject keeps every listed item where it is and stops later runs from deleting it; an item changed again in LN synchronizes as usual.</small></p></section>'
  );
}

function renderRuns(scope: RunReport['scope'], runs: RunReport[], now: Date): string {
  const heading = `<h2>${scopeLabel(scope)}: recent runs</h2>`;
  if (runs.length === 0) return `${heading}\n<p>No runs yet.</p>`;
  const head =
    '<thead><tr><th scope="col" rowspan="2">Started</th><th scope="col" rowspan="2">Kind</th>' +
    '<th scope="colgroup" colspan="3">To Exchange</th><th scope="colgroup" colspan="3">To LN</th>' +
    '<th scope="col" rowspan="2">Conflicts</th><th scope="col" rowspan="2">Errors</th></tr>' +
    '<tr>' + '<th scope="col">created</th><th scope="col">updated</th><th scope="col">deleted</th>'.repeat(2) + '</tr></thead>';
  const body = runs.map((r) => {
    const cells = [r.toExchange.created, r.toExchange.updated, r.toExchange.deleted, r.toLn.created, r.toLn.updated, r.toLn.deleted];
    return (
      `<tr><th scope="row">${timeHtml(r.startedAt, now)}</th><td>${r.full ? 'full' : 'changes only'}</td>` +
      cells.map((n) => `<td class="num">${n}</td>`).join('') +
      `<td class="num">${r.conflicts.length}</td><td class="num${r.errors.length > 0 ? ' bad' : ''}">${r.errors.length}</td></tr>`
    );
  });
  const parts = [heading, `<table class="runs" data-scope="${scope}">${head}<tbody>${body.join('')}</tbody></table>`];
  const latest = runs[0]!;
  if (latest.errors.length > 0) {
    const items = latest.errors.map((e) => `<li>${escapeHtml(e.lnKey ?? e.exchangeId ?? 'run')}: ${escapeHtml(plainError(e.message))}${e.transient ? ' <small>(retried)</small>' : ''}</li>`);
    parts.push(`<h3>Errors in the latest run</h3><ul class="errors">${items.join('')}</ul>`);
  }
  if (latest.conflicts.length > 0) {
    const rows = latest.conflicts.map((c) => `<tr><td>${escapeHtml(c.lnKey)}</td><td>${escapeHtml(c.field)}</td><td>${escapeHtml(c.lnValue)}</td><td>${escapeHtml(c.exchangeValue)}</td><td>${c.winner === 'ln' ? 'LN' : 'Exchange'}</td></tr>`);
    parts.push(
      '<h3>Conflicts in the latest run</h3><table><thead><tr><th scope="col">LN key</th><th scope="col">Field</th><th scope="col">LN value</th><th scope="col">Exchange value</th><th scope="col">Kept</th></tr></thead>' +
        `<tbody>${rows.join('')}</tbody></table>`,
    );
  }
  return parts.join('\n');
}

function renderDeadLetters(view: UserPageView, ctx: PageContext): string {
  const letters = view.status.deadLetters;
  if (letters.length === 0) return '<h2>Dead letters</h2>\n<p>None.</p>';
  const user = view.status.user;
  const rows = letters.map((d) => {
    const retry = view.started ? postForm(ctx, 'retry-dead-letter', 'Retry', { user, at: d.at, back: userPath(user) }) : '';
    return `<tr><td>${escapeHtml(plainError(d.reason))}</td><td>${timeHtml(d.at, ctx.now)}</td><td>${retry}</td></tr>`;
  });
  return `<h2>Dead letters</h2>\n<table class="dead-letters"><thead><tr><th scope="col">Why it was given up</th><th scope="col">When</th><th scope="col"></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** B-N6: per subscription, active until when, or failing since when and why (retried by the subscriptions timer). */
function renderSubscriptions(view: UserPageView, now: Date): string {
  const failing = view.status.subscriptionProblems ?? [];
  const active = view.subscriptions.filter((s) => !failing.some((f) => f.resource === s.resource));
  if (active.length === 0 && failing.length === 0) return '<h2>Push subscriptions</h2>\n<p>None (push is off, or not set up yet for this user).</p>';
  const label = (r: string): string => (r === 'events' ? 'calendar' : 'contacts');
  const rows = [
    ...failing.map((f) => `<tr class="subscription-failing"><td>${label(f.resource)}</td><td><span class="bad">failing since ${timeHtml(f.since, now)}: ${escapeHtml(plainError(f.message, 'Graph'))}</span> (retried by the subscriptions timer)</td><td>—</td></tr>`),
    ...active.map((s) => `<tr><td>${label(s.resource)}</td><td>active until ${timeHtml(s.expiresAt, now)}</td><td>${timeHtml(s.createdAt, now)}</td></tr>`),
  ];
  return `<h2>Push subscriptions</h2>\n<table><thead><tr><th scope="col">For</th><th scope="col">State</th><th scope="col">Created</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderWarnings(warnings: string[]): string {
  if (warnings.length === 0) return '<h2>Warnings</h2>\n<p>None.</p>';
  return `<h2>Warnings</h2>\n<ul class="warnings">${warnings.map((w) => `<li>${escapeHtml(withoutRuleIds(w))}</li>`).join('')}</ul>`;
}
