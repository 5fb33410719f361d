// Reads and writes the start/end of Graph events: timed items as UTC instants, all-day items as dates of the
// event's own zone (Graph may answer an all-day item as UTC instants or as midnight in that zone, whatever was preferred).
import { utcInstant, type EventFields } from '../domain/calendar-event';
import type { GraphDateTimeTimeZone, GraphEvent } from './graph-event-schema';
import { ianaTimeZoneOf } from './windows-time-zones';
import { instantOfWallClock, wallClockOf } from './zoned-time';

const UTC = 'Etc/UTC';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GRAPH_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface GraphEventTimes {
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  isAllDay: boolean;
}

/** `start`, `end` and `allDay` of the domain fields; `fallbackTimeZone` serves all-day items of an unknown zone. */
export function eventTimesOf(event: GraphEvent, fallbackTimeZone?: string): Pick<EventFields, 'start' | 'end' | 'allDay'> {
  if (!event.start || !event.end) return { start: '', end: '', allDay: event.isAllDay ? 'true' : 'false' };
  if (!event.isAllDay) return { start: utcInstant(instantOf(event.start)), end: utcInstant(instantOf(event.end)), allDay: 'false' };
  const startZone = ianaTimeZoneOf(event.originalStartTimeZone) ?? ianaTimeZoneOf(fallbackTimeZone) ?? UTC;
  const endZone = ianaTimeZoneOf(event.originalEndTimeZone) ?? startZone;
  return { start: allDayDateOf(event.start, startZone, 'start'), end: allDayDateOf(event.end, endZone, 'end'), allDay: 'true' };
}

/** True when reading this all-day item needs the mailbox's zone: Graph shifted it and names no zone we know. */
export function needsMailboxTimeZone(event: GraphEvent): boolean {
  if (!event.isAllDay || !event.start || !event.end) return false;
  const shifted = !isMidnight(event.start) || !isMidnight(event.end);
  return shifted && ianaTimeZoneOf(event.originalStartTimeZone) === undefined;
}

/** The Graph `start`/`end`/`isAllDay` for domain times: UTC for timed items, midnights in the mailbox's zone for all-day ones. */
export function graphTimesOf(fields: Pick<EventFields, 'start' | 'end' | 'allDay'>, mailboxTimeZone: string): GraphEventTimes {
  if (fields.allDay === 'true') {
    const midnight = (date: string): { dateTime: string; timeZone: string } => ({ dateTime: `${dateOnly(date)}T00:00:00`, timeZone: mailboxTimeZone });
    return { start: midnight(fields.start), end: midnight(fields.end), isAllDay: true };
  }
  const utc = (instant: string): { dateTime: string; timeZone: string } => ({ dateTime: utcInstant(instant).slice(0, 19), timeZone: 'UTC' });
  return { start: utc(fields.start), end: utc(fields.end), isAllDay: false };
}

/** One spelling per moment, so a patch can be compared with what Exchange holds: dates stay, instants become UTC. */
export function canonicalTime(value: string): string {
  return value === '' || DATE.test(value) ? value : utcInstant(value);
}

/** The instant a Graph dateTimeTimeZone stands for (an unknown zone is read as UTC). */
export function instantOf(value: GraphDateTimeTimeZone): Date {
  const { wallClock, offset } = parseDateTime(value.dateTime);
  if (offset !== undefined) return new Date(`${wallClock}${offset}`);
  return instantOfWallClock(wallClock, ianaTimeZoneOf(value.timeZone) ?? UTC);
}

function allDayDateOf(value: GraphDateTimeTimeZone, eventZone: string, edge: 'start' | 'end'): string {
  if (isMidnight(value)) return parseDateTime(value.dateTime).wallClock.slice(0, 10);
  const local = wallClockOf(instantOf(value), eventZone);
  const date = local.slice(0, 10);
  // Exchange widens an all-day item to whole days: a start falls back to its midnight, an end moves on to the next.
  return edge === 'end' && !local.endsWith('T00:00:00') ? nextDay(date) : date;
}

function isMidnight(value: GraphDateTimeTimeZone): boolean {
  const { wallClock, offset } = parseDateTime(value.dateTime);
  return offset === undefined && /T00:00(:00)?$/.test(wallClock);
}

function parseDateTime(dateTime: string): { wallClock: string; offset?: string } {
  const match = GRAPH_DATE_TIME.exec(dateTime.trim());
  if (!match?.[1]) throw new Error(`Graph dateTime is not ISO 8601: ${dateTime}`);
  const wallClock = match[1].length === 16 ? `${match[1]}:00` : match[1];
  return match[2] === undefined ? { wallClock } : { wallClock, offset: match[2] };
}

function dateOnly(value: string): string {
  const date = value.slice(0, 10);
  if (!DATE.test(date)) throw new Error(`an all-day event needs dates, got: ${value}`);
  return date;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
