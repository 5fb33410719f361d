// The simulator's calendar data model: a mailbox's primary calendar, its stored events and their expanded instances.
// Occurrences are not stored: they are computed from their series master; exceptions and deleted dates are kept on it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RecurrenceInput } from './event-input';
import type { StoredExtendedProperty } from './graph-mailbox-store';
import { newFolderId } from './graph-ids';

export type EventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

/** A wall-clock time: `local` is `YYYY-MM-DDTHH:mm:ss`, `timeZone` as the client wrote it, `zone` its IANA name. */
export interface ZonedTime {
  local: string;
  timeZone: string;
  zone: string;
}

export interface StoredAttendee {
  type: string;
  emailAddress: { name: string; address: string };
  status: { response: string; time: string };
}

export interface StoredEvent {
  id: string;
  type: 'singleInstance' | 'seriesMaster' | 'exception';
  /** The GlobalObjectId data shared by every copy of one meeting (organizer's and attendees'). */
  meetingKey: string;
  /** Plain content properties (subject, body, sensitivity, showAs, location, …). */
  props: Record<string, unknown>;
  start: ZonedTime;
  end: ZonedTime;
  isAllDay: boolean;
  recurrence: RecurrenceInput | null;
  attendees: StoredAttendee[];
  organizer: { name: string; address: string };
  isOrganizer: boolean;
  responseStatus: { response: string; time: string };
  transactionId: string | null;
  /** Canonical body of the POST that created it (to answer a retry with the same transactionId). */
  creationBody?: string;
  seriesMasterId?: string;
  /** Exceptions: the UTC instant the occurrence had in the series. */
  originalStart?: number;
  /** Series masters: deleted occurrences and exceptions, by original start instant. */
  deletedOccurrences: Set<number>;
  exceptions: Map<number, string>;
  /** Attendee copies of a series: occurrences this attendee declined or deleted (kept when the organizer updates the series). */
  declinedOccurrences?: Set<number>;
  /** Organizer's series: responses to single occurrences, by original start, then lower-cased attendee address. */
  occurrenceResponses?: Map<number, Map<string, { response: string; time: string }>>;
  /** Exceptions: the properties the exception overrides ('time' for start/end/isAllDay); the rest is the master's. */
  overridden?: Set<string>;
  extendedProperties: Map<string, StoredExtendedProperty>;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  seq: number;
  createdSeq: number;
}

/** One item of a calendar view: a single instance, an occurrence (computed) or an exception. */
export interface EventInstance {
  id: string;
  type: EventType;
  /** Where the content comes from: the event itself, or the series master for an occurrence. */
  source: StoredEvent;
  start: number;
  end: number;
  originalStart?: number;
  /** The mailbox change sequence of its last change (delta compares it). */
  version: number;
}

export interface MailboxCalendar {
  id: string;
  changeKey: string;
  /** mailboxSettings.timeZone */
  timeZone: string;
  events: Map<string, StoredEvent>;
  /** Occurrence ids handed out, to find them again. */
  occurrences: Map<string, { masterId: string; originalStart: number }>;
}

export function newMailboxCalendar(timeZone = 'UTC'): MailboxCalendar {
  return { id: newFolderId(), changeKey: `DwAAABYAAAA${randomBytes(12).toString('base64')}`, timeZone, events: new Map(), occurrences: new Map() };
}

/** GlobalObjectId data: creation time, reserved bytes, size and a GUID (as Exchange builds it). */
export function newMeetingKey(): string {
  return `${randomBytes(8).toString('hex')}0000000000000000` + `10000000${randomUUID().replace(/-/g, '')}`.toUpperCase();
}

/** The iCalUId: a GlobalObjectId whose instance-date bytes are zero for the series, the occurrence's date otherwise. */
export function iCalUIdOf(meetingKey: string, occurrenceDate?: string): string {
  const date = occurrenceDate
    ? `${Number(occurrenceDate.slice(0, 4)).toString(16).padStart(4, '0')}${Number(occurrenceDate.slice(5, 7)).toString(16).padStart(2, '0')}${Number(occurrenceDate.slice(8, 10)).toString(16).padStart(2, '0')}`
    : '00000000';
  return `040000008200E00074C5B7101A82E008${date}${meetingKey}`.toUpperCase();
}

/** A stable id for an occurrence of a series (the same on every expansion). */
export function occurrenceId(masterId: string, originalStart: number): string {
  const digest = createHash('sha256').update(`${masterId}|${originalStart}`).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `AAkALgAA${digest}ABEGAAA=`;
}
