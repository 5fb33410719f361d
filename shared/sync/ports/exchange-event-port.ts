// What calendar synchronization needs from one mailbox's primary calendar, in domain terms.
// Writes take lists so the Graph adapter can send them as JSON $batch requests.
import type { AttendeeResponse, AttendeeRole, EventFields } from '../../domain/calendar-event';
import type { WriteResult } from './exchange-contact-port';

export type EventKind = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export interface ExchangeAttendee {
  email: string;
  name: string;
  role: AttendeeRole;
  response: AttendeeResponse;
}

export interface ExchangeEventSnapshot {
  /** Immutable id. */
  id: string;
  changeKey: string;
  modifiedAt: string;
  /** Same for every mailbox's copy of one meeting; different for each occurrence of a series. */
  iCalUId: string;
  kind: EventKind;
  seriesMasterId?: string;
  /**
   * Occurrences and exceptions: the local date of the original start in the series' time zone. It names the
   * occurrence across a change of the series' time (see docs/decisions.md, "Recurring series").
   */
  occurrenceDate?: string;
  isOrganizer: boolean;
  organizerEmail: string;
  isCancelled: boolean;
  /** This mailbox's own response to the meeting. */
  response: AttendeeResponse;
  /** The LN key the service stamped on the item (single-value extended property), if any. */
  lnKey?: string;
  fields: EventFields;
  attendees: ExchangeAttendee[];
}

export interface CalendarWindow {
  /** UTC instants. */
  start: string;
  end: string;
}

export interface EventDelta {
  /** Single instances, occurrences and exceptions in the window (series masters are not listed). */
  changed: ExchangeEventSnapshot[];
  removed: string[];
  deltaLink: string;
}

export interface EventCreate {
  lnKey: string;
  /** Deterministic per LN activity and mailbox: Exchange drops a second create with the same value (B-I1). */
  transactionId: string;
  fields: EventFields;
  /** Attendees to invite; empty for a copy placed directly in an attendee's calendar (B-A3). */
  attendees: Array<Pick<ExchangeAttendee, 'email' | 'name' | 'role'>>;
}

export interface EventUpdate {
  id: string;
  patch: Partial<EventFields>;
  /** Replaces the attendee list when present (organizer copies only). */
  attendees?: Array<Pick<ExchangeAttendee, 'email' | 'name' | 'role'>>;
  /** Stamp (or re-stamp) the LN key extended property. */
  lnKey?: string;
}

export interface ExchangeEventPort {
  /** One full calendarView delta round for the window; no `deltaLink` ⇒ initial round. */
  delta(user: string, window: CalendarWindow, deltaLink: string | undefined): Promise<EventDelta>;
  get(user: string, id: string): Promise<ExchangeEventSnapshot | undefined>;
  findByLnKey(user: string, lnKey: string): Promise<ExchangeEventSnapshot[]>;
  /** Single instances and series masters with this iCalUId (occurrences are not listed there; see `listInstances`). */
  findByICalUId(user: string, iCalUId: string): Promise<ExchangeEventSnapshot[]>;
  /** Every instance (single, occurrence, exception) overlapping the window, without the LN key stamp. */
  listInstances(user: string, window: CalendarWindow): Promise<ExchangeEventSnapshot[]>;
  create(user: string, items: EventCreate[]): Promise<Array<WriteResult<ExchangeEventSnapshot>>>;
  update(user: string, items: EventUpdate[]): Promise<Array<WriteResult<ExchangeEventSnapshot>>>;
  /** Organizer only: cancels the meeting, Exchange sends the cancellations (B-A8). */
  cancel(user: string, ids: string[], comment: string): Promise<Array<WriteResult<void>>>;
  /** Deletes the item (a missing item counts as deleted). */
  remove(user: string, ids: string[]): Promise<Array<WriteResult<void>>>;
}
