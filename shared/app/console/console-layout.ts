// The console's shared HTML pieces: the document shell with its stylesheet, escaping, times in plain words (B-U6),
// forms that post with the session's CSRF token (B-U2), and the one-shot message after an action.
import { absoluteTime, relativeTime, splitRule } from './plain-words';

export const TITLE = 'LN ↔ Exchange synchronizer';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface PageContext {
  now: Date;
  /** The session's CSRF token; undefined for bearer-token requests. */
  csrf: string | undefined;
  flash: string | undefined;
}

export function renderDocument(title: string, ctx: Pick<PageContext, 'flash'>, body: string[]): string {
  const flash = ctx.flash === undefined ? '' : `<p class="flash" role="status">${escapeHtml(ctx.flash)}</p>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title === TITLE ? TITLE : `${title} · ${TITLE}`)}</title>`,
    `<style>${CONSOLE_CSS}</style>`,
    '</head>',
    '<body>',
    `<header><p class="brand"><a href="/api/admin/status.html">${escapeHtml(TITLE)}</a></p></header>`,
    flash,
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A page with a heading and one paragraph: sign-in needed, form expired, errors. */
export function renderMessagePage(title: string, text: string): string {
  return renderDocument(title, { flash: undefined }, [`<h1>${escapeHtml(title)}</h1>`, `<p>${escapeHtml(text)}</p>`]);
}

/** "3 minutes ago" with the absolute time as its tooltip and machine-readable value (B-U6). */
export function timeHtml(iso: string, now: Date): string {
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(absoluteTime(iso))}">${escapeHtml(relativeTime(iso, now))}</time>`;
}

/** "3 minutes ago (2 May 2024, 10:00 UTC)". */
export function timeFullHtml(iso: string, now: Date): string {
  return `${timeHtml(iso, now)} <small>(${escapeHtml(absoluteTime(iso))})</small>`;
}

/** A reason as a sentence; its rule id only in the tooltip (B-U6). */
export function reasonHtml(reason: string): string {
  const { text, rule } = splitRule(reason);
  return rule === undefined ? escapeHtml(text) : `<span title="rule ${escapeHtml(rule)}">${escapeHtml(text)}</span>`;
}

/** A form that posts `fields` (plus the CSRF token and where to come back to) to a console action. */
export function postForm(ctx: PageContext, action: string, label: string, fields: Record<string, string>, options: { className?: string } = {}): string {
  const all: Record<string, string> = { ...fields };
  if (ctx.csrf !== undefined) all['csrf'] = ctx.csrf;
  const hidden = Object.entries(all).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const cls = options.className === undefined ? '' : ` class="${escapeHtml(options.className)}"`;
  return `<form method="post" action="/api/admin/console/${escapeHtml(action)}">${hidden}<button type="submit"${cls}>${escapeHtml(label)}</button></form>`;
}

export function kvRow(label: string, valueHtml: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${valueHtml}</td></tr>`;
}

export function userPath(user: string): string {
  return `/api/admin/console/users/${encodeURIComponent(user)}`;
}

export const CONSOLE_CSS = [
  'body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:76rem;padding:1rem;color:#1b1b1b;background:#fff}',
  'h1{font-size:1.5rem;margin:.2rem 0 .8rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:1.8rem}h3{font-size:1.05rem;margin-bottom:.3rem}',
  '.brand{margin:0 0 .5rem;font-weight:600}.brand a{color:inherit;text-decoration:none}',
  'table{border-collapse:collapse;margin:.3rem 0 1rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}',
  'thead th{background:#f0f0f0}.kv th{background:#f7f7f7;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}',
  'td{overflow-wrap:anywhere}.ok{color:#0a6b2d}.off{color:#555}.bad{color:#b00020;font-weight:600}.warn{color:#8a5300}',
  '.alert{border:2px solid #b00020;background:#fff4f4;padding:.5rem 1rem;margin:1rem 0}.alert h3{margin-top:0;color:#b00020}',
  '.flash{border:1px solid #0a6b2d;background:#effaf2;padding:.5rem 1rem}.error{color:#b00020}',
  '.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0;align-items:center}form{display:inline;margin:0}',
  'button,input,select{font:inherit;padding:.25rem .6rem}.sr{position:absolute;left:-9999px}small{color:#555}',
  '.tiles{display:flex;flex-wrap:wrap;gap:.6rem;list-style:none;padding:0}.tiles li{border:1px solid #ccc;padding:.4rem .8rem;min-width:8rem}',
  '.tiles .n{display:block;font-size:1.4rem;font-weight:600}.pager{display:flex;gap:1rem;align-items:center}',
].join('');
