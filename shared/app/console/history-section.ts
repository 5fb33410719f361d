// The item-history section of a user's console page (B-U4, B-U6): each matching item with its last actions —
// time, direction, what was done and why in plain words (the rule id in a tooltip), and the outcome.
import type { HistoryEntry, ItemHistory } from '../../sync/ports/item-history-port';
import { escapeHtml, reasonHtml, timeHtml } from './console-layout';
import { plainError } from './plain-words';

const DIRECTIONS: Record<HistoryEntry['direction'], string> = { 'to-exchange': 'LN → Exchange', 'to-ln': 'Exchange → LN', both: 'both ways', link: 'link only' };

export function renderHistory(id: string, items: ItemHistory[], now: Date): string {
  const head = `<section aria-labelledby="history-h" id="history"><h2 id="history-h">History of “${escapeHtml(id)}”</h2>`;
  if (items.length === 0) return `${head}<p id="history-none">No action on an item with this LN key, email or Exchange id is recorded for this user.</p></section>`;
  return head + items.map((item) => renderItem(item, now)).join('\n') + '</section>';
}

function renderItem(item: ItemHistory, now: Date): string {
  const title = [item.name, item.lnKey && `LN key ${item.lnKey}`, item.email].filter((t) => t).join(' · ');
  const rows = item.entries.map((e) =>
    `<tr><td>${timeHtml(e.at, now)}</td><td>${DIRECTIONS[e.direction]}</td><td>${escapeHtml(e.action)}</td><td>${reasonHtml(e.reason)}</td>` +
    `<td>${e.outcome === 'done' ? '<span class="ok">done</span>' : `<span class="bad">failed</span>: ${escapeHtml(plainError(e.error ?? ''))}`}</td></tr>`,
  );
  return (
    `<h3>${escapeHtml(item.kind === 'contact' ? 'Contact' : 'Calendar item')}: ${escapeHtml(title || item.exchangeId || '')}</h3>` +
    (item.exchangeId ? `<p><small>Mailbox item <code>${escapeHtml(item.exchangeId)}</code></small></p>` : '') +
    '<table class="history"><thead><tr><th scope="col">When</th><th scope="col">Direction</th><th scope="col">What</th><th scope="col">Why</th><th scope="col">Outcome</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
