// The human status page (B-I6): a server-rendered HTML document of the synchronizer state, settings and,
// per sync user, runs, conflicts, attention items, failures, dead letters and warnings; works without JavaScript.
import type { RunReport } from '../sync/run-report';
import type { SettingsSnapshot } from './ports/control-store-port';
import type { StatusView, UserStatusView } from './status-view';

export interface StatusPageOptions {
  /** Query string appended to every form action and link (e.g. `?code=…`), so a function key keeps working. */
  actionQuery?: string;
}

const TITLE = 'LN ↔ Exchange synchronizer';
const SCOPES: readonly RunReport['scope'][] = ['contacts', 'calendar'];

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function renderStatusPage(view: StatusView, options: StatusPageOptions): string {
  const query = normalizeQuery(options.actionQuery);
  const url = (path: string): string => escapeHtml(path + query);
  const body = [
    `<header><h1>${escapeHtml(TITLE)}</h1>`,
    `<p>Generated ${time(view.generatedAt)} · <a href="${url('/api/admin/status')}">Status as JSON</a></p></header>`,
    '<main>',
    renderSynchronizer(view, url),
    renderUserIndex(view.users),
    ...view.users.map((u, i) => renderUser(u, i, url)),
    '</main>',
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(TITLE)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

type Url = (path: string) => string;

function normalizeQuery(query: string | undefined): string {
  if (query === undefined || query === '') return '';
  return query.startsWith('?') ? query : `?${query}`;
}

function renderSynchronizer(view: StatusView, url: Url): string {
  const s = view.synchronizer;
  const started = s.state === 'started';
  const rows = [
    row('State', `<strong class="${started ? 'ok' : 'off'}">${started ? 'Started' : 'Stopped'}</strong> since ${time(s.changedAt)}`),
    row('Last scheduler tick', s.lastTick === undefined ? 'none yet' : time(s.lastTick)),
  ];
  const parts = [
    '<section aria-labelledby="sync-h">',
    '<h2 id="sync-h">Synchronizer</h2>',
    `<table class="kv"><tbody>${rows.join('')}</tbody></table>`,
    '<div class="actions">',
    postForm(url('/api/admin/start'), 'Start'),
    postForm(url('/api/admin/stop'), 'Stop'),
    '</div>',
  ];
  if (s.settingsError !== undefined) {
    parts.push(`<div class="alert" role="alert"><h3>Settings error</h3><p>${escapeHtml(s.settingsError)}</p></div>`);
  }
  parts.push(s.settings === undefined ? '<p>No LN settings read yet.</p>' : renderSettings(s.settings), '</section>');
  return parts.join('\n');
}

function renderSettings(settings: SettingsSnapshot): string {
  const interval = (i: SettingsSnapshot['contactPullInterval']): string => `${escapeHtml(String(i.number))} ${escapeHtml(i.unit)}`;
  const rows = [
    row('Contacts', onOff(settings.synchronizeContacts)),
    row('Contact pull interval', interval(settings.contactPullInterval)),
    row('Activities (calendar)', onOff(settings.synchronizeActivities)),
    row('Calendar pull interval', interval(settings.calendarPullInterval)),
    row('Push synchronization', onOff(settings.enablePushSynchronization)),
    row('Sync users', escapeHtml(String(settings.users.length))),
  ];
  return `<h3>LN settings <small>read ${time(settings.readAt)}</small></h3>\n<table class="kv"><tbody>${rows.join('')}</tbody></table>`;
}

function renderUserIndex(users: UserStatusView[]): string {
  if (users.length === 0) return '<section aria-labelledby="users-h"><h2 id="users-h">Sync users</h2><p>No sync users.</p></section>';
  const items = users.map((u, i) => {
    const flags: string[] = [];
    if (u.status.mailbox !== 'ok') flags.push('<span class="bad">mailbox problem</span>');
    if (u.status.needsAttention.length > 0) flags.push('<span class="bad">needs attention</span>');
    if (u.status.lastError !== undefined) flags.push('<span class="warn">last error</span>');
    return `<li><a href="#user-${i}">${escapeHtml(u.status.user)}</a>${flags.length > 0 ? ` — ${flags.join(', ')}` : ''}</li>`;
  });
  return `<section aria-labelledby="users-h"><h2 id="users-h">Sync users</h2><ul>${items.join('')}</ul></section>`;
}

function renderUser(u: UserStatusView, index: number, url: Url): string {
  const st = u.status;
  const mailbox = st.mailbox === 'ok' ? '<strong class="ok">ok</strong>' : `<strong class="bad">${escapeHtml(st.mailbox)}</strong>`;
  const parts = [
    `<section class="user" aria-labelledby="user-${index}">`,
    `<h2 id="user-${index}">${escapeHtml(st.user)}</h2>`,
    `<table class="kv"><tbody>${row('Mailbox', mailbox)}${row('Status updated', time(st.updatedAt))}</tbody></table>`,
  ];
  if (st.needsAttention.length > 0) {
    const items = st.needsAttention.map((a) => `<li><strong>${escapeHtml(a.scope)}</strong>: ${escapeHtml(a.message)} <small>(since ${time(a.since)})</small></li>`);
    const action = url(`/api/admin/users/${encodeURIComponent(st.user)}/confirm-deletes`);
    parts.push(
      '<div class="alert" role="alert">',
      '<h3>Needs attention</h3>',
      `<ul>${items.join('')}</ul>`,
      postForm(action, 'Confirm deletes'),
      '</div>',
    );
  }
  if (st.lastError !== undefined) {
    const e = st.lastError;
    parts.push(
      '<h3>Last error</h3>',
      `<p class="error"><strong>${escapeHtml(e.scope)}</strong> at ${time(e.at)} (${e.transient ? 'transient' : 'permanent'}): ${escapeHtml(e.message)}</p>`,
    );
  }
  for (const scope of SCOPES) parts.push(renderRuns(scope, u.runs[scope], st.user));
  parts.push(renderDeadLetters(st.deadLetters), renderWarnings(st.warnings), '</section>');
  return parts.join('\n');
}

function renderRuns(scope: RunReport['scope'], runs: RunReport[], user: string): string {
  const heading = `<h3>${scope === 'contacts' ? 'Contacts' : 'Calendar'} runs</h3>`;
  if (runs.length === 0) return `${heading}\n<p>No runs yet.</p>`;
  const head =
    '<thead><tr><th scope="col" rowspan="2">Started</th><th scope="col" rowspan="2">Kind</th>' +
    '<th scope="colgroup" colspan="3">To Exchange</th><th scope="colgroup" colspan="3">To LN</th>' +
    '<th scope="col" rowspan="2">Conflicts</th><th scope="col" rowspan="2">Errors</th></tr>' +
    '<tr>' + '<th scope="col">created</th><th scope="col">updated</th><th scope="col">deleted</th>'.repeat(2) + '</tr></thead>';
  const body = runs.map((r) => {
    const cells = [r.toExchange.created, r.toExchange.updated, r.toExchange.deleted, r.toLn.created, r.toLn.updated, r.toLn.deleted];
    const errors = r.errors.length;
    return (
      `<tr><th scope="row">${time(r.startedAt)}</th><td>${r.full ? 'full' : 'incremental'}</td>` +
      cells.map((n) => `<td class="num">${escapeHtml(String(n))}</td>`).join('') +
      `<td class="num">${escapeHtml(String(r.conflicts.length))}</td>` +
      `<td class="num${errors > 0 ? ' bad' : ''}">${escapeHtml(String(errors))}</td></tr>`
    );
  });
  const caption = `<caption class="sr">Last ${scope} runs of ${escapeHtml(user)}, newest first</caption>`;
  const parts = [heading, `<table>${caption}${head}<tbody>${body.join('')}</tbody></table>`];
  const latest = runs[0];
  if (latest !== undefined && latest.conflicts.length > 0) parts.push(renderConflicts(latest));
  return parts.join('\n');
}

function renderConflicts(run: RunReport): string {
  const rows = run.conflicts.map(
    (c) =>
      `<tr><td>${escapeHtml(c.field)}</td><td>${escapeHtml(c.lnValue)}</td><td>${escapeHtml(c.exchangeValue)}</td>` +
      `<td>${c.winner === 'ln' ? 'LN' : 'Exchange'}</td><td>${escapeHtml(c.lnKey)}</td></tr>`,
  );
  return (
    `<h4>Conflicts in the latest ${escapeHtml(run.scope)} run</h4>\n` +
    '<table><thead><tr><th scope="col">Field</th><th scope="col">LN value</th><th scope="col">Exchange value</th>' +
    `<th scope="col">Winner</th><th scope="col">LN key</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function renderDeadLetters(letters: UserStatusView['status']['deadLetters']): string {
  if (letters.length === 0) return '<h3>Dead letters</h3>\n<p>None.</p>';
  const rows = letters.map((d) => `<tr><td>${escapeHtml(d.reason)}</td><td>${time(d.at)}</td></tr>`);
  return (
    '<h3>Dead letters</h3>\n' +
    `<table><thead><tr><th scope="col">Reason</th><th scope="col">When</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function renderWarnings(warnings: string[]): string {
  if (warnings.length === 0) return '<h3>Warnings</h3>\n<p>None.</p>';
  return `<h3>Warnings</h3>\n<ul class="warnings">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
}

/** `action` is already escaped. */
function postForm(action: string, label: string): string {
  return `<form method="post" action="${action}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

function row(label: string, valueHtml: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${valueHtml}</td></tr>`;
}

function onOff(on: boolean): string {
  return on ? '<span class="ok">on</span>' : '<span class="off">off</span>';
}

function time(iso: string): string {
  const e = escapeHtml(iso);
  return `<time datetime="${e}">${e}</time>`;
}

const CSS = [
  'body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1b1b1b;background:#fff}',
  'h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.3rem}h4{font-size:1rem}',
  'table{border-collapse:collapse;margin:.3rem 0 1rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}',
  'thead th{background:#f0f0f0}.kv th{background:#f7f7f7;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}',
  'td{overflow-wrap:anywhere}.ok{color:#0a6b2d}.off{color:#555}.bad{color:#b00020;font-weight:600}.warn{color:#8a5300}',
  '.alert{border:2px solid #b00020;background:#fff4f4;padding:.5rem 1rem;margin:1rem 0}.alert h3{margin-top:0;color:#b00020}',
  '.error{color:#b00020}.actions{display:flex;gap:.5rem;margin:.5rem 0}form{display:inline;margin:0}',
  'button{font:inherit;padding:.25rem .9rem}.sr{position:absolute;left:-9999px}small{color:#555}',
].join('');
