// The preview section of a user's console page (B-U5, B-U6): what a synchronization would do now, counted, then
// item by item with direction and the reason in plain words (rule ids in tooltips).
import type { PreviewView } from '../preview';
import { escapeHtml, reasonHtml } from './console-layout';

const DIRECTIONS: Record<string, string> = { 'to-exchange': 'LN → Exchange', 'to-ln': 'Exchange → LN', both: 'both ways', link: 'link only' };

export function renderPreview(p: PreviewView): string {
  const counts = Object.entries(p.counts).map(([action, n]) => `<li><span class="n">${n}</span>${escapeHtml(action)}</li>`);
  const rows = p.items.map((i) =>
    `<tr><td>${escapeHtml(i.name ?? '')}</td><td>${escapeHtml(i.lnKey ?? '—')}</td><td>${escapeHtml(DIRECTIONS[i.direction] ?? i.direction)}</td>` +
    `<td>${escapeHtml(i.action)}</td><td>${reasonHtml(i.reason)}</td></tr>`,
  );
  const parts = [
    `<section aria-labelledby="preview-h" id="preview"><h2 id="preview-h">Preview: ${escapeHtml(p.scope)} ${p.full ? '(a full reconciliation)' : '(changes since the last run)'}</h2>`,
    '<p>What a synchronization would do now, read from LN and Exchange; nothing has been written.</p>',
    `<ul class="tiles" id="preview-counts">${counts.join('')}</ul>`,
  ];
  if (p.held !== undefined) parts.push(`<p class="alert">The deletions would be held back: ${reasonHtml(p.held)}</p>`);
  parts.push(
    p.items.length === 0
      ? '<p id="preview-nothing">Nothing would change.</p>'
      : '<table id="preview-items"><thead><tr><th scope="col">Name</th><th scope="col">LN key</th><th scope="col">Direction</th><th scope="col">What</th><th scope="col">Why</th></tr></thead>' +
          `<tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  );
  return parts.join('\n');
}
