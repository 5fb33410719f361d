// Exchange's meeting flow between the mailboxes the simulator hosts: invitations, updates and cancellations.
// Attendee copies share the organizer's iCalUId, start unanswered and tentative, and never carry the organizer's extended properties.
import type { GraphEventStore } from './graph-event-store';
import type { Mailbox } from './graph-mailbox-store';
import { NEVER, newStoredEvent } from './event-write';
import { ATTENDEES, RESPONSE, seriesShape } from './exception-view';
import { occurrenceId, type StoredEvent } from './stored-event';

/** Brings every hosted attendee's copy in line with the organizer's series (or single event); withdrawn attendees lose theirs. */
export function deliverMeeting(store: GraphEventStore, organizer: Mailbox, master: StoredEvent): void {
  const invited = new Set(master.attendees.filter((a) => a.status.response !== 'declined').map((a) => a.emailAddress.address.toLowerCase()));
  for (const mailbox of store.mailboxes.all()) {
    if (mailbox.id === organizer.id) continue;
    const copy = attendeeCopy(mailbox, master.meetingKey);
    if (invited.has(mailbox.upn.toLowerCase())) upsertCopy(store, organizer, master, mailbox, copy);
    else if (copy) store.purge(mailbox, copy);
  }
}

/** The organizer deleted or cancelled the meeting: the copies are removed. */
export function retractMeeting(store: GraphEventStore, organizer: Mailbox, event: StoredEvent): void {
  for (const mailbox of store.mailboxes.all()) {
    if (mailbox.id === organizer.id) continue;
    const copy = attendeeCopy(mailbox, event.meetingKey);
    if (copy) store.purge(mailbox, copy);
  }
}

/** The organizer's event for an attendee's copy, when the organizer's mailbox is hosted here. */
export function organizerCopy(store: GraphEventStore, copy: StoredEvent): { mailbox: Mailbox; event: StoredEvent } | undefined {
  const mailbox = store.mailboxes.find(copy.organizer.address);
  const event = mailbox ? [...mailbox.calendar.events.values()].find((e) => e.meetingKey === copy.meetingKey && e.isOrganizer && e.type !== 'exception') : undefined;
  return mailbox && event ? { mailbox, event } : undefined;
}

function attendeeCopy(mailbox: Mailbox, meetingKey: string): StoredEvent | undefined {
  return [...mailbox.calendar.events.values()].find((e) => e.meetingKey === meetingKey && !e.isOrganizer && e.type !== 'exception');
}

function upsertCopy(store: GraphEventStore, organizer: Mailbox, source: StoredEvent, target: Mailbox, existing: StoredEvent | undefined): StoredEvent {
  const copy = existing ?? { ...newStoredEvent(target, store.mailboxes.stamp(target)), isOrganizer: false, responseStatus: { response: 'notResponded', time: NEVER } };
  const before = existing ? snapshot(existing) : '';
  const shapeBefore = seriesShape(copy);
  copyContent(source, copy, existing ? existing.props['showAs'] : 'tentative');
  copy.recurrence = structuredClone(source.recurrence);
  // A new time or pattern re-invites to every occurrence and regenerates them ([MS-OXOCAL] 3.1.4.7.3.5): the attendee's
  // own exceptions (responses to one occurrence) and declines go with the old ones; otherwise they stay.
  if (existing && seriesShape(copy) !== shapeBefore) {
    copy.declinedOccurrences?.clear();
    for (const id of copy.exceptions.values()) store.drop(target, id);
    copy.exceptions.clear();
  }
  copy.deletedOccurrences = new Set([...source.deletedOccurrences, ...(copy.declinedOccurrences ?? [])]);
  if (!existing) store.put(target, copy);
  // Exchange sends an update only when something the attendee sees changed (not for the organizer's own properties).
  else if (snapshot(copy) !== before) store.bump(target, copy);
  syncExceptions(store, organizer, source, target, copy);
  return copy;
}

/** The organizer's exceptions become the attendee's, overriding the same properties; the attendee's own responses stay. */
function syncExceptions(store: GraphEventStore, organizer: Mailbox, master: StoredEvent, target: Mailbox, copy: StoredEvent): void {
  for (const [originalStart, copyExceptionId] of copy.exceptions) {
    const own = target.calendar.events.get(copyExceptionId);
    if (master.exceptions.has(originalStart) || (own && onlyOwnResponse(own) && !copy.deletedOccurrences.has(originalStart))) continue;
    store.drop(target, copyExceptionId);
    copy.exceptions.delete(originalStart);
  }
  for (const [originalStart, exceptionId] of master.exceptions) {
    const source = organizer.calendar.events.get(exceptionId);
    if (!source || copy.deletedOccurrences.has(originalStart)) continue;
    const known = target.calendar.events.get(copy.exceptions.get(originalStart) ?? '');
    const exception = known ?? {
      ...newStoredEvent(target, store.mailboxes.stamp(target)), id: occurrenceId(copy.id, originalStart), type: 'exception' as const,
      isOrganizer: false, responseStatus: { ...copy.responseStatus }, seriesMasterId: copy.id, originalStart,
    };
    const before = known ? snapshot(known) : '';
    const ownResponse = known?.overridden?.has(RESPONSE) === true;
    copyContent(source, exception, ownResponse ? known.props['showAs'] : undefined);
    exception.type = 'exception';
    exception.overridden = new Set([...(source.overridden ?? []), ...(ownResponse ? [RESPONSE, 'showAs'] : [])]);
    if (!source.overridden?.has(ATTENDEES)) exception.attendees = [];
    if (known && snapshot(exception) !== before) store.bump(target, exception);
    if (!known) store.put(target, exception);
    copy.exceptions.set(originalStart, exception.id);
  }
}

/** An attendee's exception that only holds their own response to that occurrence. */
function onlyOwnResponse(exception: StoredEvent): boolean {
  return [...(exception.overridden ?? [])].every((k) => k === RESPONSE || k === 'showAs');
}

function copyContent(source: StoredEvent, copy: StoredEvent, showAs: unknown): void {
  copy.meetingKey = source.meetingKey;
  copy.type = source.type;
  copy.props = structuredClone(source.props);
  if (showAs !== undefined) copy.props['showAs'] = showAs;
  copy.start = { ...source.start };
  copy.end = { ...source.end };
  copy.isAllDay = source.isAllDay;
  copy.organizer = { ...source.organizer };
  copy.attendees = source.attendees.map((a) => ({ type: a.type, emailAddress: { ...a.emailAddress }, status: { response: 'none', time: NEVER } }));
}

function snapshot(event: StoredEvent): string {
  return JSON.stringify([event.props, event.start, event.end, event.isAllDay, event.recurrence, event.attendees, event.organizer, [...event.deletedOccurrences], [...(event.overridden ?? [])]]);
}
