// The console's overview (B-U1, B-U2, B-U6): synchronizer state and controls that follow it, users counted by
// health, and one page of the problem-first user list with search and paging. Server-rendered, no JavaScript.
import type { SettingsSnapshot } from './ports/control-store-port';
import type { UserSummary } from './ports/user-status-port';
import type { OverviewView } from './console/console-data';
import { escapeHtml, kvRow, postForm, renderDocument, timeFullHtml, timeHtml, userPath, type PageContext, TITLE } from './console/console-layout';
import { everyInterval, plainError } from './console/plain-words';
import { HEALTH_LABELS, HEALTH_ORDER, healthOf, type Health } from './user-health';

export { escapeHtml };

const OVERVIEW = '/api/admin/status.html';

export function renderStatusPage(view: OverviewView, ctx: PageContext): string {
  return renderDocument(TITLE, ctx, [
    '<h1>Overview</h1>',
    renderSynchronizer(view, ctx),
    renderHealth(view),
    renderUserList(view, ctx.now),
  ]);
}

function renderSynchronizer(view: OverviewView, ctx: PageContext): string {
  const s = view.synchronizer;
  const started = s.state === 'started';
  const rows = [
    kvRow('State', `<strong class="${started ? 'ok' : 'off'}" id="sync-state">${started ? 'Started' : 'Stopped'}</strong> since ${timeFullHtml(s.changedAt, ctx.now)}`),
    kvRow('Last scheduler tick', s.lastTick === undefined ? 'none yet' : timeFullHtml(s.lastTick, ctx.now)),
  ];
  const control = started
    ? postForm(ctx, 'stop', 'Stop synchronizing', { back: OVERVIEW })
    : postForm(ctx, 'start', 'Start synchronizing', { back: OVERVIEW });
  const parts = [
    '<section aria-labelledby="sync-h">',
    '<h2 id="sync-h">Synchronizer</h2>',
    `<table class="kv"><tbody>${rows.join('')}</tbody></table>`,
    `<div class="actions">${control}</div>`,
  ];
  if (s.settingsError !== undefined) {
    parts.push(`<div class="alert" role="alert"><h3>LN settings could not be used</h3><p>${escapeHtml(plainError(s.settingsError, 'LN'))}</p></div>`);
  }
  parts.push(s.settings === undefined ? '<p>No LN settings read yet: they are read when the synchronizer starts.</p>' : renderSettings(s.settings, ctx.now), '</section>');
  return parts.join('\n');
}

function renderSettings(settings: SettingsSnapshot, now: Date): string {
  const half = (on: boolean, interval: SettingsSnapshot['contactPullInterval']): string =>
    on ? `<span class="ok">on</span>, pulled ${escapeHtml(everyInterval(interval))}` : '<span class="off">off</span>';
  const rows = [
    kvRow('Contacts', half(settings.synchronizeContacts, settings.contactPullInterval)),
    kvRow('Calendar', half(settings.synchronizeActivities, settings.calendarPullInterval)),
    kvRow('Push (changes within seconds)', settings.enablePushSynchronization ? '<span class="ok">on</span>' : '<span class="off">off</span>'),
    kvRow('Sync users in LN', escapeHtml(settings.users.length.toLocaleString('en-US'))),
  ];
  return `<h3>LN settings <small>read ${timeHtml(settings.readAt, now)}</small></h3>\n<table class="kv"><tbody>${rows.join('')}</tbody></table>`;
}

function renderHealth(view: OverviewView): string {
  const tiles = HEALTH_ORDER.map((h) => {
    const n = view.counts[h];
    const cls = h === 'ok' ? 'ok' : n > 0 ? 'bad' : 'off';
    return `<li><a href="${escapeHtml(listUrl({ search: '', health: h, page: 1 }))}"><span class="n ${cls}" data-health="${h}">${n.toLocaleString('en-US')}</span>${escapeHtml(HEALTH_LABELS[h])}</a></li>`;
  });
  return [
    '<section aria-labelledby="health-h">',
    `<h2 id="health-h">Users by health <small>(${view.total.toLocaleString('en-US')} users)</small></h2>`,
    `<ul class="tiles">${tiles.join('')}</ul>`,
    '</section>',
  ].join('\n');
}

function renderUserList(view: OverviewView, now: Date): string {
  const q = view.query;
  const options = ['<option value="">any health</option>', ...HEALTH_ORDER.map((h) => `<option value="${h}"${q.health === h ? ' selected' : ''}>${escapeHtml(HEALTH_LABELS[h])}</option>`)];
  const search =
    `<form method="get" action="${OVERVIEW}" role="search" class="actions">` +
    `<label for="q">Address</label><input id="q" name="q" type="search" value="${escapeHtml(q.search)}" placeholder="part of an address">` +
    `<label for="health">Health</label><select id="health" name="health">${options.join('')}</select>` +
    '<button type="submit">Search</button></form>';
  const parts = ['<section aria-labelledby="users-h">', '<h2 id="users-h">Sync users, problems first</h2>', search];
  if (view.rows.length === 0) {
    parts.push(`<p id="no-users">${view.total === 0 ? 'No sync users yet.' : 'No user matches this search.'}</p>`, '</section>');
    return parts.join('\n');
  }
  const rows = view.rows.map((s) => userRow(s, now));
  parts.push(
    `<table id="users"><caption class="sr">Sync users, page ${q.page} of ${view.pages}</caption>` +
      '<thead><tr><th scope="col">User</th><th scope="col">Health</th><th scope="col">What to look at</th><th scope="col">Status updated</th></tr></thead>' +
      `<tbody>${rows.join('')}</tbody></table>`,
    renderPager(view),
    '</section>',
  );
  return parts.join('\n');
}

function userRow(s: UserSummary, now: Date): string {
  const health = healthOf(s.problems);
  const labels = s.problems.length === 0 ? '<span class="ok">ok</span>' : s.problems.map((p) => `<span class="bad">${escapeHtml(HEALTH_LABELS[p])}</span>`).join(', ');
  const headline = s.headline === undefined ? '' : escapeHtml(plainError(s.headline));
  const updated = s.updatedAt === '' ? 'no run yet' : timeHtml(s.updatedAt, now);
  return `<tr data-health="${health}"><th scope="row"><a href="${escapeHtml(userPath(s.user))}">${escapeHtml(s.user)}</a></th><td>${labels}</td><td>${headline}</td><td>${updated}</td></tr>`;
}

function renderPager(view: OverviewView): string {
  const q = view.query;
  const first = (q.page - 1) * 50 + 1;
  const last = first + view.rows.length - 1;
  const prev = q.page > 1 ? `<a rel="prev" href="${escapeHtml(listUrl({ ...q, page: q.page - 1 }))}">← Previous</a>` : '';
  const next = q.page < view.pages ? `<a rel="next" href="${escapeHtml(listUrl({ ...q, page: q.page + 1 }))}">Next →</a>` : '';
  return `<nav class="pager" aria-label="pages">${prev}<span id="page-info">Users ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${view.matched.toLocaleString('en-US')} · page ${q.page} of ${view.pages}</span>${next}</nav>`;
}

function listUrl(q: { search: string; health: Health | undefined; page: number }): string {
  const params = new URLSearchParams();
  if (q.search !== '') params.set('q', q.search);
  if (q.health !== undefined) params.set('health', q.health);
  if (q.page > 1) params.set('page', String(q.page));
  const query = params.toString();
  return query === '' ? OVERVIEW : `${OVERVIEW}?${query}`;
}
