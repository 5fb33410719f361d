// Deletions an administrator decides on (B-I3, B-U3): which items a held run would have deleted (name, LN key,
// mailbox item), and deletions an administrator rejected, which every later run keeps instead of doing.
import type { CalendarAction } from './calendar-action';
import type { ContactAction } from './contact-action';
import type { LinkRecord } from './ports/link-store-port';
import type { HeldItem } from './run-report';

/** Marks a link whose deletion an administrator rejected; a later sync of the pair writes a new lastAction. */
export const DELETION_REJECTED = 'deletion-rejected';
export const KEPT_REASON = 'B-U3: kept: an administrator rejected deleting it';

const rejected = (link: LinkRecord | undefined): boolean => link?.lastAction === DELETION_REJECTED;

function nameOf(link: LinkRecord | undefined): string | undefined {
  if (!link) return undefined;
  const v = link.lnValues;
  const name = link.kind === 'event' ? (v['subject'] ?? '') : [v['givenName'], v['surname']].filter((p) => p).join(' ') || (v['email'] ?? '');
  return name === '' ? undefined : name;
}

function item(lnKey: string, exchangeId: string | undefined, link: LinkRecord | undefined): HeldItem {
  const held: HeldItem = { lnKey };
  if (exchangeId !== undefined) held.exchangeId = exchangeId;
  const name = nameOf(link);
  if (name !== undefined) held.name = name;
  return held;
}

export function heldContactItems(actions: readonly ContactAction[]): HeldItem[] {
  return actions.flatMap((a) => (a.type === 'remove-exchange' ? [item(a.lnKey, a.exchangeId, a.link)] : []));
}

export function heldCalendarItems(actions: readonly CalendarAction[]): HeldItem[] {
  return actions.flatMap((a) => {
    if (a.type === 'cancel-event' || a.type === 'remove-event') return [item(a.lnKey, a.exchangeId, a.link)];
    if (a.type === 'delete-activity') return [item(a.lnKey, a.link.exchangeId, a.link)];
    return [];
  });
}

/** Deletions of rejected pairs become no-ops that say so; everything else is unchanged. */
export function keepRejectedContacts(actions: ContactAction[]): ContactAction[] {
  return actions.map((a) => (a.type === 'remove-exchange' && rejected(a.link) ? { type: 'noop', lnKey: a.lnKey, exchangeId: a.exchangeId, reason: KEPT_REASON } : a));
}

export function keepRejectedEvents(actions: CalendarAction[]): CalendarAction[] {
  return actions.map((a) => {
    const deletes = a.type === 'cancel-event' || a.type === 'remove-event' || a.type === 'delete-activity';
    return deletes && rejected(a.link) ? { type: 'noop', lnKey: a.lnKey, reason: KEPT_REASON } : a;
  });
}
