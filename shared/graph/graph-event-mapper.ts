// Maps Graph event JSON to the domain's EventFields/attendees and back: snapshots for reads, full bodies for
// creates (with transactionId and the LN key), minimal PATCH bodies for updates (start, end and isAllDay sent together).
import { sameEmail, type AttendeeResponse, type AttendeeRole, type EventField, type EventFields } from '../domain/calendar-event';
import type { EventCreate, EventKind, EventUpdate, ExchangeAttendee, ExchangeEventSnapshot } from '../sync/ports/exchange-event-port';
import { LN_KEY_PROPERTY_ID, samePropertyId } from './graph-extended-properties';
import type { GraphEvent } from './graph-event-schema';
import { canonicalTime, eventTimesOf, graphTimesOf } from './graph-event-times';
import { ianaTimeZoneOf } from './windows-time-zones';
import { wallClockOf } from './zoned-time';

type AttendeeInput = Pick<ExchangeAttendee, 'email' | 'name' | 'role'>;

const SHOW_AS = new Set(['free', 'busy', 'tentative', 'oof']);
const KINDS = new Set<string>(['singleInstance', 'occurrence', 'exception', 'seriesMaster']);
const ROLES = new Set<string>(['required', 'optional', 'resource']);
const RESPONSES: Readonly<Record<string, AttendeeResponse>> = {
  none: 'none',
  notResponded: 'none',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
  // The organizer's own copy: the organizer attends their meeting.
  organizer: 'accepted',
};
const TIME_FIELDS: readonly EventField[] = ['start', 'end', 'allDay'];

export function lnKeyOf(event: GraphEvent): string {
  return event.singleValueExtendedProperties?.find((p) => samePropertyId(p.id, LN_KEY_PROPERTY_ID))?.value ?? '';
}

export function eventFieldsOf(event: GraphEvent, fallbackTimeZone?: string): EventFields {
  return {
    subject: event.subject ?? '',
    body: bodyTextOf(event.body),
    location: event.location?.displayName ?? '',
    ...eventTimesOf(event, fallbackTimeZone),
    // personal and confidential have no LN counterpart (B-A12 maps only private).
    sensitivity: event.sensitivity === 'private' ? 'private' : 'normal',
    // workingElsewhere and unknown block time like busy does.
    showAs: event.showAs && SHOW_AS.has(event.showAs) ? event.showAs : 'busy',
  };
}

export function attendeesOf(event: GraphEvent): ExchangeAttendee[] {
  return (event.attendees ?? [])
    .filter((a) => (a.emailAddress?.address ?? '').trim() !== '')
    .map((a) => ({
      email: (a.emailAddress?.address ?? '').trim(),
      name: a.emailAddress?.name ?? '',
      role: roleOf(a.type),
      response: responseOf(a.status?.response),
    }));
}

/** B-A13: the original start's date in the series' zone (`originalStartTimeZone`, the zone the series was written in). */
function occurrenceDateOf(event: GraphEvent): { occurrenceDate?: string } {
  if (!event.originalStart || !event.seriesMasterId) return {};
  const instant = new Date(event.originalStart);
  if (Number.isNaN(instant.getTime())) return {};
  return { occurrenceDate: wallClockOf(instant, ianaTimeZoneOf(event.originalStartTimeZone) ?? 'Etc/UTC').slice(0, 10) };
}

export function eventSnapshotOf(event: GraphEvent, fallbackTimeZone?: string): ExchangeEventSnapshot {
  const lnKey = lnKeyOf(event);
  return {
    id: event.id,
    changeKey: event.changeKey ?? '',
    modifiedAt: event.lastModifiedDateTime ?? '',
    iCalUId: event.iCalUId ?? '',
    kind: event.type && KINDS.has(event.type) ? (event.type as EventKind) : 'singleInstance',
    ...(event.seriesMasterId ? { seriesMasterId: event.seriesMasterId } : {}),
    ...occurrenceDateOf(event),
    isOrganizer: event.isOrganizer ?? false,
    organizerEmail: event.organizer?.emailAddress?.address ?? '',
    isCancelled: event.isCancelled ?? false,
    response: responseOf(event.responseStatus?.response),
    ...(lnKey !== '' ? { lnKey } : {}),
    fields: eventFieldsOf(event, fallbackTimeZone),
    attendees: attendeesOf(event),
  };
}

/** Body of `POST …/calendar/events`: every non-empty field, the attendees, the transactionId and the LN key stamp. */
export function eventCreateBody(create: EventCreate, mailboxTimeZone: string): Record<string, unknown> {
  const f = create.fields;
  return {
    subject: f.subject,
    ...(f.body !== '' ? { body: textBody(f.body) } : {}),
    ...(f.location !== '' ? { location: { displayName: f.location } } : {}),
    ...graphTimesOf(f, mailboxTimeZone),
    sensitivity: sensitivityOf(f.sensitivity),
    showAs: showAsOf(f.showAs),
    attendees: create.attendees.map(attendeeBody),
    transactionId: create.transactionId,
    singleValueExtendedProperties: [{ id: LN_KEY_PROPERTY_ID, value: create.lnKey }],
  };
}

/**
 * Body of `PATCH …/events/{id}` holding only the given fields that differ from `current`; start, end and isAllDay
 * travel together (Exchange checks them as one), attendees are replaced as a whole.
 */
export function eventPatchBody(update: EventUpdate, current: GraphEvent, mailboxTimeZone: string): Record<string, unknown> {
  const now = eventFieldsOf(current, mailboxTimeZone);
  const merged: EventFields = { ...now };
  for (const [k, v] of Object.entries(update.patch) as Array<[EventField, string | undefined]>) if (v !== undefined) merged[k] = v;
  const changed = (field: EventField): boolean => update.patch[field] !== undefined && comparable(field, merged[field]) !== comparable(field, now[field]);
  const body: Record<string, unknown> = {};
  if (changed('subject')) body.subject = merged.subject;
  if (changed('body')) body.body = textBody(merged.body);
  if (changed('location')) body.location = { displayName: merged.location };
  if (changed('sensitivity')) body.sensitivity = sensitivityOf(merged.sensitivity);
  if (changed('showAs')) body.showAs = showAsOf(merged.showAs);
  if (TIME_FIELDS.some(changed)) Object.assign(body, graphTimesOf(merged, mailboxTimeZone));
  if (update.attendees !== undefined && !sameAttendees(update.attendees, attendeesOf(current))) body.attendees = update.attendees.map(attendeeBody);
  if (update.lnKey !== undefined && update.lnKey !== lnKeyOf(current)) body.singleValueExtendedProperties = [{ id: LN_KEY_PROPERTY_ID, value: update.lnKey }];
  return body;
}

function comparable(field: EventField, value: string): string {
  if (field === 'start' || field === 'end') return canonicalTime(value);
  if (field === 'body') return normalizeText(value);
  return value;
}

function bodyTextOf(body: GraphEvent['body']): string {
  const content = body?.content ?? '';
  return normalizeText(body?.contentType?.toLowerCase() === 'html' ? textOfHtml(content) : content);
}

/** Line ends as `\n`, no trailing blank lines or spaces (Exchange appends `\r\n` to text bodies). */
function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trimEnd();
}

/** A fallback for a server that ignored `outlook.body-content-type="text"`: tags dropped, common entities decoded. */
function textOfHtml(html: string): string {
  return html
    .replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

function textBody(content: string): { contentType: 'text'; content: string } {
  return { contentType: 'text', content };
}

function sensitivityOf(value: string): 'private' | 'normal' {
  return value === 'private' ? 'private' : 'normal';
}

function showAsOf(value: string): string {
  return SHOW_AS.has(value) ? value : 'busy';
}

function roleOf(type: string | null | undefined): AttendeeRole {
  return type && ROLES.has(type) ? (type as AttendeeRole) : 'required';
}

function responseOf(response: string | null | undefined): AttendeeResponse {
  return (response ? RESPONSES[response] : undefined) ?? 'none';
}

function attendeeBody(a: AttendeeInput): Record<string, unknown> {
  return { type: a.role, emailAddress: { address: a.email, name: a.name || a.email } };
}

/** Same addresses (any letter case) with the same roles; names and responses do not count. */
function sameAttendees(wanted: readonly AttendeeInput[], current: readonly AttendeeInput[]): boolean {
  if (wanted.length !== current.length) return false;
  return wanted.every((w) => current.some((c) => sameEmail(c.email, w.email) && c.role === w.role));
}
