// A calendar item as both sides see it once mapped: a flat record of strings, plus its attendees.
// Timed items carry UTC instants; all-day items carry dates (end exclusive), so no time zone can shift a day.

export const EVENT_FIELDS = ['subject', 'body', 'location', 'start', 'end', 'allDay', 'sensitivity', 'showAs'] as const;

export type EventField = (typeof EVENT_FIELDS)[number];

/**
 * - `start`/`end`: timed ⇒ UTC instant `YYYY-MM-DDTHH:mm:ssZ`; all-day ⇒ date `YYYY-MM-DD`, `end` exclusive
 *   (a one-day event on 21 November is `2026-11-21` … `2026-11-22`).
 * - `allDay`: `'true'` | `'false'`; `sensitivity`: `'normal'` | `'private'`; `showAs`: `'free'` | `'busy'` | `'tentative'` | `'oof'`.
 * - `body`: plain text.
 */
export type EventFields = Record<EventField, string>;

export type AttendeeRole = 'required' | 'optional' | 'resource';
export type AttendeeResponse = 'none' | 'accepted' | 'tentative' | 'declined';

export interface EventAttendee {
  email: string;
  name: string;
  role: AttendeeRole;
  response: AttendeeResponse;
}

export function emptyEvent(): EventFields {
  return { subject: '', body: '', location: '', start: '', end: '', allDay: 'false', sensitivity: 'normal', showAs: 'busy' };
}

/** Fields only the organizer's copy may change (B-A7). */
export const ORGANIZER_FIELDS: readonly EventField[] = ['subject', 'body', 'location', 'start', 'end', 'allDay'];

/** A UTC instant with second precision, `YYYY-MM-DDTHH:mm:ssZ`, whatever precision or offset the input had. */
export function utcInstant(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`not a date-time: ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Compares emails the way B-A4 wants: ignoring letter case and surrounding spaces. */
export function sameEmail(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase() && (a ?? '').trim() !== '';
}
