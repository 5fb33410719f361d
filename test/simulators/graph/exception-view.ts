// An exception of a series as Graph shows it: the series master's values, overridden only where the exception changed them.
// [MS-OXOCAL] 3.1.4.6.2 "Creating an Exception": the exception object holds only the overridden properties, so a later
// edit of the series reaches every property the exception did not override.
import type { EventInput } from './event-input';
import { CONTENT } from './event-write';
import type { StoredAttendee, StoredEvent } from './stored-event';

/** Override keys besides the content properties: start/end/isAllDay travel together as 'time'. */
export const TIME = 'time';
export const ATTENDEES = 'attendees';
export const RESPONSE = 'responseStatus';

/** The exception's effective event: its own id, change key and overrides over the master's current values. */
export function exceptionView(exception: StoredEvent, master: StoredEvent): StoredEvent {
  const overridden = exception.overridden ?? new Set<string>();
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(master.props)) if (!overridden.has(key)) props[key] = value;
  for (const key of overridden) if (key in exception.props) props[key] = exception.props[key];
  return {
    ...exception,
    meetingKey: master.meetingKey,
    props,
    isAllDay: overridden.has(TIME) ? exception.isAllDay : master.isAllDay,
    attendees: overridden.has(ATTENDEES) ? exception.attendees : master.attendees,
    responseStatus: overridden.has(RESPONSE) ? exception.responseStatus : master.responseStatus,
    organizer: master.organizer,
    isOrganizer: master.isOrganizer,
    extendedProperties: new Map([...master.extendedProperties, ...exception.extendedProperties]),
    ...(master.occurrenceResponses ? { occurrenceResponses: master.occurrenceResponses } : {}),
  };
}

/** Before a PATCH of an exception: attendees not yet overridden start from the master's (their responses kept). */
export function prepareOverride(exception: StoredEvent, master: StoredEvent, input: EventInput): void {
  const overridden = exception.overridden ?? new Set<string>();
  if (input.props.attendees !== undefined && !overridden.has(ATTENDEES)) exception.attendees = master.attendees.map((a) => structuredClone(a));
}

/** After a PATCH of an exception: what the body set is overridden from now on. */
export function markOverrides(exception: StoredEvent, input: EventInput): void {
  const overridden = exception.overridden ?? new Set<string>();
  for (const key of CONTENT) if (key in input.props) overridden.add(key);
  if (input.props.start !== undefined || input.props.end !== undefined || input.props.isAllDay !== undefined) overridden.add(TIME);
  if (input.props.attendees !== undefined) overridden.add(ATTENDEES);
  exception.overridden = overridden;
}

/** Attendees as one instance shows them: a response given to that single occurrence wins over the series'. */
export function attendeesOfInstance(event: StoredEvent, originalStart: number | undefined): StoredAttendee[] {
  const responses = originalStart === undefined ? undefined : event.occurrenceResponses?.get(originalStart);
  return event.attendees.map((a) => {
    const status = responses?.get(a.emailAddress.address.toLowerCase());
    return structuredClone(status ? { ...a, status } : a);
  });
}

/** What regenerates a series' occurrences when it changes: its times and its pattern. */
export function seriesShape(event: StoredEvent): string {
  return JSON.stringify([event.start, event.end, event.isAllDay, event.recurrence]);
}
