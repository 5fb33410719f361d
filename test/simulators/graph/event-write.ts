// Applies a validated event body to a stored event: content, times with their zones, recurrence, attendees, properties.
// Checks what Exchange checks: known zones, end not before start, all-day events from midnight to midnight.
import type { AttendeeInput, EventInput } from './event-input';
import { newChangeKey, newImmutableId } from './graph-ids';
import type { Mailbox } from './graph-mailbox-store';
import { GraphSimError } from './graph-sim-response';
import { checkRecurrence } from './recurrence-expansion';
import { newMeetingKey, type StoredAttendee, type StoredEvent, type ZonedTime } from './stored-event';
import { normalizeLocal, requireTimeZone, zonedToInstant } from './time-zones';

export const CONTENT = [
  'subject', 'body', 'sensitivity', 'showAs', 'importance', 'location', 'locations', 'categories', 'isReminderOn',
  'reminderMinutesBeforeStart', 'responseRequested', 'allowNewTimeProposals', 'hideAttendees', 'isOnlineMeeting', 'onlineMeetingProvider',
] as const;

export const NEVER = '0001-01-01T00:00:00Z';

/** A new event organized by the mailbox owner, before its body is applied. */
export function newStoredEvent(mailbox: Mailbox, stamp: { seq: number; time: string }): StoredEvent {
  const utc: ZonedTime = { local: stamp.time.slice(0, 19), timeZone: 'UTC', zone: 'UTC' };
  return {
    id: newImmutableId(), type: 'singleInstance', meetingKey: newMeetingKey(), props: {}, start: utc, end: utc, isAllDay: false,
    recurrence: null, attendees: [], organizer: { name: mailbox.displayName, address: mailbox.upn }, isOrganizer: true,
    responseStatus: { response: 'organizer', time: NEVER }, transactionId: null, deletedOccurrences: new Set(), exceptions: new Map(),
    extendedProperties: new Map(), changeKey: newChangeKey(), createdDateTime: stamp.time, lastModifiedDateTime: stamp.time,
    seq: stamp.seq, createdSeq: stamp.seq,
  };
}

export function applyEventInput(event: StoredEvent, input: EventInput, isCreate: boolean): void {
  const props = input.props;
  if (isCreate && (!props.start || !props.end)) throw new GraphSimError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. The start and end of the event are required.');
  for (const key of CONTENT) {
    if (!(key in props)) continue;
    const value = props[key];
    if (value === null || value === undefined) delete event.props[key];
    else event.props[key] = structuredClone(value);
  }
  if (props.start) event.start = zonedTime(props.start);
  if (props.end) event.end = zonedTime(props.end);
  if (typeof props.isAllDay === 'boolean') event.isAllDay = props.isAllDay;
  checkTimes(event);
  if ('recurrence' in props && event.type !== 'exception') applyRecurrence(event, props.recurrence ?? null);
  if (props.attendees !== undefined) event.attendees = mergeAttendees(event.attendees, props.attendees ?? []);
  for (const ep of input.extendedProperties) {
    if (ep.value === null) event.extendedProperties.delete(ep.key);
    else event.extendedProperties.set(ep.key, { id: ep.id, value: ep.value });
  }
}

function zonedTime(value: { dateTime: string; timeZone?: string | null | undefined }): ZonedTime {
  const local = normalizeLocal(value.dateTime.replace(/Z$/i, ''));
  if (!local) throw new GraphSimError(400, 'RequestBodyRead', `Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.DateTimeOffset'.`);
  const timeZone = value.timeZone ?? 'UTC';
  return { local, timeZone, zone: requireTimeZone(timeZone) };
}

function checkTimes(event: StoredEvent): void {
  const start = zonedToInstant(event.start.local, event.start.zone);
  const end = zonedToInstant(event.end.local, event.end.zone);
  if (end < start) throw new GraphSimError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. The end time of the event must be on or after its start time.');
  if (event.isAllDay && (!event.start.local.endsWith('T00:00:00') || !event.end.local.endsWith('T00:00:00') || end <= start)) {
    throw new GraphSimError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. An all-day event must start and end at midnight and last at least one day.');
  }
}

function applyRecurrence(event: StoredEvent, input: StoredEvent['recurrence']): void {
  if (input) checkRecurrence(input);
  const recurrence = input ? fullRecurrence(input, event.start.timeZone) : null;
  event.recurrence = recurrence;
  event.type = recurrence ? 'seriesMaster' : 'singleInstance';
  // A new pattern discards the exceptions and deletions of the old one: GraphEventStore.update does it (regenerate).
}

/** Graph stores (and answers) every pattern and range property, with zero values for those that do not apply. */
function fullRecurrence({ pattern, range }: NonNullable<StoredEvent['recurrence']>, startZone: string): NonNullable<StoredEvent['recurrence']> {
  return {
    pattern: {
      type: pattern.type, interval: pattern.interval, month: pattern.month ?? 0, dayOfMonth: pattern.dayOfMonth ?? 0,
      daysOfWeek: [...(pattern.daysOfWeek ?? [])], firstDayOfWeek: pattern.firstDayOfWeek ?? 'sunday', index: pattern.index ?? 'first',
    },
    range: {
      type: range.type, startDate: range.startDate, endDate: range.endDate ?? '0001-01-01',
      recurrenceTimeZone: range.recurrenceTimeZone ?? startZone, numberOfOccurrences: range.numberOfOccurrences ?? 0,
    },
  };
}

/** The client's list, keeping the responses already recorded for attendees who stay (Graph ignores a sent status). */
function mergeAttendees(current: StoredAttendee[], wanted: AttendeeInput[]): StoredAttendee[] {
  return wanted.map((a) => {
    const address = a.emailAddress.address ?? '';
    const known = current.find((c) => c.emailAddress.address.toLowerCase() === address.toLowerCase());
    return {
      type: a.type ?? 'required',
      emailAddress: { name: a.emailAddress.name ?? address, address },
      status: known ? { ...known.status } : { response: 'none', time: NEVER },
    };
  });
}
