// Events of the mailboxes' primary calendars: create, update, delete, cancel, respond, and expansion into instances.
// Meetings between hosted mailboxes are kept in step by meeting-delivery (Exchange's invitations and responses).
import type { EventInput } from './event-input';
import { applyEventInput, newStoredEvent } from './event-write';
import { newChangeKey } from './graph-ids';
import type { GraphMailboxStore, ItemChange, Mailbox } from './graph-mailbox-store';
import { GraphSimError } from './graph-sim-response';
import { RESPONSE, exceptionView, markOverrides, prepareOverride, seriesShape } from './exception-view';
import { deliverMeeting, organizerCopy, retractMeeting } from './meeting-delivery';
import { expandSeries } from './recurrence-expansion';
import { occurrenceId, type EventInstance, type StoredEvent } from './stored-event';
import { instantToZoned, zonedToInstant } from './time-zones';

/** What an event id in a path designates: a stored event, or an occurrence computed from its master. */
export type EventRef = { event: StoredEvent; master?: undefined } | { master: StoredEvent; originalStart: number; event?: undefined };

export type MeetingResponse = 'accept' | 'tentativelyAccept' | 'decline';

const RESPONSE_OF: Record<MeetingResponse, string> = { accept: 'accepted', tentativelyAccept: 'tentativelyAccepted', decline: 'declined' };

export class GraphEventStore {
  constructor(readonly mailboxes: GraphMailboxStore) {}

  /** POST …/events. A retry with a known transactionId and the same body answers the existing event. */
  create(mailbox: Mailbox, input: EventInput): { event: StoredEvent; created: boolean } {
    const txId = input.props.transactionId;
    const earlier = txId ? [...mailbox.calendar.events.values()].find((e) => e.transactionId === txId) : undefined;
    if (earlier) {
      if (earlier.creationBody === input.canonical) return { event: earlier, created: false };
      throw new GraphSimError(400, 'ErrorDuplicateTransactionId', "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.");
    }
    const stamp = this.mailboxes.stamp(mailbox);
    const event = newStoredEvent(mailbox, stamp);
    applyEventInput(event, input, true);
    event.transactionId = txId ?? null;
    event.creationBody = input.canonical;
    this.put(mailbox, event);
    this.afterOrganizerChange(mailbox, event);
    return { event, created: true };
  }

  find(mailbox: Mailbox, id: string): EventRef | undefined {
    const event = mailbox.calendar.events.get(id);
    if (event) return { event };
    const occurrence = mailbox.calendar.occurrences.get(id);
    const master = occurrence ? mailbox.calendar.events.get(occurrence.masterId) : undefined;
    // An occurrence of an earlier time or pattern of the series no longer exists.
    if (master && occurrence && !expandSeries(master, occurrence.originalStart + 1).some((o) => o.originalStart === occurrence.originalStart)) return undefined;
    if (!occurrence || !master || master.deletedOccurrences.has(occurrence.originalStart)) return undefined;
    const exceptionId = master.exceptions.get(occurrence.originalStart);
    const exception = exceptionId ? mailbox.calendar.events.get(exceptionId) : undefined;
    return exception ? { event: exception } : { master, originalStart: occurrence.originalStart };
  }

  /**
   * PATCH: an occurrence becomes an exception (same id) overriding only what the body sets; a new time or pattern of a
   * series regenerates its occurrences and drops its exceptions and deletions ([MS-OXOCAL] 3.1.4.7.3.5); the
   * organizer's changes reach the attendees' copies.
   */
  update(mailbox: Mailbox, ref: EventRef, input: EventInput): StoredEvent {
    const event = ref.event ?? this.materializeException(mailbox, ref.master, ref.originalStart);
    const master = event.type === 'exception' ? this.seriesOf(mailbox, event) : undefined;
    if (master) prepareOverride(event, master, input);
    const shapeBefore = seriesShape(event);
    applyEventInput(event, input, false);
    if (master) markOverrides(event, input);
    else if (seriesShape(event) !== shapeBefore) this.regenerate(mailbox, event);
    this.bump(mailbox, event);
    this.afterOrganizerChange(mailbox, event);
    return event;
  }

  /** A series whose time or pattern changed: every exception, deletion and single-occurrence response is gone. */
  private regenerate(mailbox: Mailbox, master: StoredEvent): void {
    for (const id of master.exceptions.values()) this.drop(mailbox, id);
    master.exceptions.clear();
    master.deletedOccurrences.clear();
    master.occurrenceResponses?.clear();
    master.declinedOccurrences?.clear();
  }

  /** DELETE: an occurrence or exception is removed from its series only; an organizer's meeting is withdrawn. */
  remove(mailbox: Mailbox, ref: EventRef): void {
    const target = ref.event;
    if (target?.type === 'exception' || ref.master) {
      const master = ref.master ?? mailbox.calendar.events.get(target?.seriesMasterId ?? '');
      const originalStart = ref.master ? ref.originalStart : target?.originalStart;
      if (!master || originalStart === undefined) throw notFound();
      if (target) this.drop(mailbox, target.id);
      master.exceptions.delete(originalStart);
      master.deletedOccurrences.add(originalStart);
      if (!master.isOrganizer) (master.declinedOccurrences ??= new Set()).add(originalStart); // an attendee's own deletion outlives updates
      this.bump(mailbox, master);
      this.afterOrganizerChange(mailbox, master);
      return;
    }
    if (!target) throw notFound();
    this.purge(mailbox, target);
    if (target.isOrganizer) retractMeeting(this, mailbox, target);
  }

  /** POST …/cancel: only the organizer may cancel; the attendees' copies go away. */
  cancel(mailbox: Mailbox, ref: EventRef): void {
    const event = ref.event ?? ref.master;
    if (!event.isOrganizer) throw new GraphSimError(400, 'ErrorAccessDenied', "Your request can't be completed. You need to be an organizer to cancel a meeting.");
    this.remove(mailbox, ref);
  }

  /**
   * accept/tentativelyAccept/decline by an attendee: recorded in the organizer's copy; decline removes the attendee's.
   * A response to one occurrence (or exception) concerns that occurrence only: a decline deletes it from the attendee's
   * series; the organizer's series records the response for that occurrence (the simulator keeps it with the series).
   */
  respond(mailbox: Mailbox, ref: EventRef, response: MeetingResponse): void {
    const own = ref.master ?? this.seriesOf(mailbox, ref.event);
    if (own.isOrganizer) throw new GraphSimError(400, 'ErrorInvalidRequest', "Your request can't be completed. You can't respond to a meeting you organized.");
    const time = `${this.mailboxes.now().toISOString().slice(0, 19)}Z`;
    const originalStart = ref.master ? ref.originalStart : ref.event.type === 'exception' ? ref.event.originalStart : undefined;
    if (originalStart !== undefined) return this.respondToOccurrence(mailbox, own, ref, originalStart, { response: RESPONSE_OF[response], time });
    const organizer = organizerCopy(this, own);
    if (organizer) {
      const attendee = organizer.event.attendees.find((a) => a.emailAddress.address.toLowerCase() === mailbox.upn.toLowerCase());
      if (attendee) {
        attendee.status = { response: RESPONSE_OF[response], time };
        this.bump(organizer.mailbox, organizer.event);
      }
    }
    if (response === 'decline') {
      this.purge(mailbox, own);
      return;
    }
    own.responseStatus = { response: RESPONSE_OF[response], time };
    if (response === 'tentativelyAccept') own.props['showAs'] = 'tentative';
    else own.props['showAs'] = organizer?.event.props['showAs'] ?? 'busy';
    this.bump(mailbox, own);
  }

  private respondToOccurrence(mailbox: Mailbox, own: StoredEvent, ref: EventRef, originalStart: number, status: { response: string; time: string }): void {
    const organizer = organizerCopy(this, own);
    if (organizer) {
      const responses = (organizer.event.occurrenceResponses ??= new Map<number, Map<string, { response: string; time: string }>>());
      const forOccurrence = responses.get(originalStart) ?? new Map<string, { response: string; time: string }>();
      forOccurrence.set(mailbox.upn.toLowerCase(), status);
      responses.set(originalStart, forOccurrence);
      this.bump(organizer.mailbox, organizer.event);
    }
    if (status.response === 'declined') return this.remove(mailbox, ref);
    const exception = ref.event ?? this.materializeException(mailbox, own, originalStart);
    exception.responseStatus = status;
    exception.overridden = new Set([...(exception.overridden ?? []), RESPONSE, 'showAs']);
    exception.props['showAs'] = status.response === 'tentativelyAccepted' ? 'tentative' : organizer?.event.props['showAs'] ?? 'busy';
    this.bump(mailbox, exception);
  }

  /** Single instances and series masters (what GET …/events lists). */
  topLevel(mailbox: Mailbox): StoredEvent[] {
    return this.stored(mailbox).filter((e) => e.type !== 'exception');
  }

  /** Everything stored, exceptions included, in creation order. */
  stored(mailbox: Mailbox): StoredEvent[] {
    return [...mailbox.calendar.events.values()].sort((a, b) => a.createdSeq - b.createdSeq);
  }

  /** Single instances, occurrences and exceptions overlapping [fromMs, toMs), by start. */
  instances(mailbox: Mailbox, fromMs: number, toMs: number, onlySeries?: StoredEvent): EventInstance[] {
    const out: EventInstance[] = [];
    for (const event of mailbox.calendar.events.values()) {
      if (onlySeries && event !== onlySeries && event.seriesMasterId !== onlySeries.id) continue;
      if (event.type === 'seriesMaster') out.push(...this.occurrencesOf(mailbox, event, toMs));
      else if (event.type !== 'exception' || !this.seriesOf(mailbox, event).deletedOccurrences.has(event.originalStart ?? NaN)) out.push(this.instanceOf(event));
    }
    return out.filter((i) => i.start < toMs && (i.end > fromMs || (i.end === i.start && i.start >= fromMs))).sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  }

  /** The instance a reference designates (an occurrence is computed). */
  resolve(ref: EventRef): EventInstance {
    if (ref.event) return this.instanceOf(ref.event);
    const occurrence = expandSeries(ref.master, ref.originalStart + 1).find((o) => o.originalStart === ref.originalStart);
    if (!occurrence) throw notFound();
    return { id: occurrenceId(ref.master.id, ref.originalStart), type: 'occurrence', source: ref.master, start: occurrence.start, end: occurrence.end, originalStart: ref.originalStart, version: ref.master.seq };
  }

  /** The instance of a stored event; an exception shows its master's values where it overrides nothing. */
  instanceOf(event: StoredEvent): EventInstance {
    const master = event.type === 'exception' ? this.masterOf(event) : undefined;
    const source = master ? exceptionView(event, master) : event;
    return {
      id: event.id, type: event.type, source, version: Math.max(event.seq, master?.seq ?? 0),
      start: zonedToInstant(event.start.local, event.start.zone), end: zonedToInstant(event.end.local, event.end.zone),
      ...(event.originalStart !== undefined ? { originalStart: event.originalStart } : {}),
    };
  }

  bump(mailbox: Mailbox, event: StoredEvent): void {
    const stamp = this.mailboxes.stamp(mailbox);
    event.changeKey = newChangeKey();
    event.lastModifiedDateTime = stamp.time;
    event.seq = stamp.seq;
    this.changed(mailbox, event, 'updated');
  }

  /** Stores a new event (a created change). */
  put(mailbox: Mailbox, event: StoredEvent): void {
    mailbox.calendar.events.set(event.id, event);
    this.changed(mailbox, event, 'created');
  }

  /** Removes one stored event, if there (a deleted change); exceptions are not followed. */
  drop(mailbox: Mailbox, id: string): void {
    const event = mailbox.calendar.events.get(id);
    if (!event) return;
    mailbox.calendar.events.delete(id);
    this.changed(mailbox, event, 'deleted');
  }

  private changed(mailbox: Mailbox, event: StoredEvent, changeType: ItemChange['changeType']): void {
    this.mailboxes.emitChange({ mailbox, kind: 'event', changeType, immutableId: event.id, regularId: event.id, changeKey: event.changeKey });
  }

  /** Removes an event for good (a master with its exceptions). */
  purge(mailbox: Mailbox, event: StoredEvent): void {
    for (const exceptionId of event.exceptions.values()) this.drop(mailbox, exceptionId);
    this.drop(mailbox, event.id);
    for (const [id, occ] of mailbox.calendar.occurrences) if (occ.masterId === event.id) mailbox.calendar.occurrences.delete(id);
    mailbox.seq++;
  }

  private masterOf(exception: StoredEvent): StoredEvent | undefined {
    for (const mailbox of this.mailboxes.all()) {
      const master = mailbox.calendar.events.get(exception.seriesMasterId ?? '');
      if (master) return master;
    }
    return undefined;
  }

  /** The series master of an exception, or the event itself. */
  seriesOf(mailbox: Mailbox, event: StoredEvent): StoredEvent {
    return event.type === 'exception' ? mailbox.calendar.events.get(event.seriesMasterId ?? '') ?? event : event;
  }

  private occurrencesOf(mailbox: Mailbox, master: StoredEvent, untilMs: number): EventInstance[] {
    const out: EventInstance[] = [];
    for (const occ of expandSeries(master, untilMs)) {
      const id = occurrenceId(master.id, occ.originalStart);
      mailbox.calendar.occurrences.set(id, { masterId: master.id, originalStart: occ.originalStart });
      if (master.deletedOccurrences.has(occ.originalStart) || master.exceptions.has(occ.originalStart)) continue;
      out.push({ id, type: 'occurrence', source: master, start: occ.start, end: occ.end, originalStart: occ.originalStart, version: master.seq });
    }
    return out;
  }

  /** An occurrence turned exception: its own times, nothing overridden yet ([MS-OXOCAL] 3.1.4.6.2). */
  private materializeException(mailbox: Mailbox, master: StoredEvent, originalStart: number): StoredEvent {
    const instance = this.resolve({ master, originalStart });
    const stamp = this.mailboxes.stamp(mailbox);
    const exception: StoredEvent = {
      id: instance.id, type: 'exception', meetingKey: master.meetingKey, props: {}, isAllDay: master.isAllDay, recurrence: null,
      attendees: [], organizer: { ...master.organizer }, isOrganizer: master.isOrganizer, responseStatus: { ...master.responseStatus },
      seriesMasterId: master.id, originalStart, overridden: new Set(),
      start: { ...master.start, local: instantToZoned(instance.start, master.start.zone).slice(0, 19) },
      end: { ...master.end, local: instantToZoned(instance.end, master.end.zone).slice(0, 19) },
      transactionId: null, deletedOccurrences: new Set(), exceptions: new Map(), extendedProperties: new Map(),
      changeKey: newChangeKey(), createdDateTime: stamp.time, lastModifiedDateTime: stamp.time, seq: stamp.seq, createdSeq: stamp.seq,
    };
    this.put(mailbox, exception);
    master.exceptions.set(originalStart, exception.id);
    return exception;
  }

  private afterOrganizerChange(mailbox: Mailbox, event: StoredEvent): void {
    if (event.isOrganizer) deliverMeeting(this, mailbox, this.seriesOf(mailbox, event));
  }
}

function notFound(): GraphSimError {
  return new GraphSimError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}
