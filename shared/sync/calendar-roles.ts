// Which part a sync user plays in an LN activity: organizer, invitee (Exchange delivers the meeting), a direct
// copy (B-A3), or none. Pure; email matching ignores letter case (B-A4).
import { sameEmail } from '../domain/calendar-event';
import type { LnActivitySnapshot, LnAttendeeSnapshot, LnEmployee } from './ports/ln-activity-port';

export type CalendarRole = 'organizer' | 'invitee' | 'direct' | 'none';

export interface CalendarDirectory {
  /** Employees by lower-cased email. */
  employeesByEmail: Map<string, LnEmployee>;
  employeesByCode: Map<string, LnEmployee>;
  /** Every active sync user's email as configured, by lower-cased email. */
  syncUsers: Map<string, string>;
}

export function buildDirectory(employees: LnEmployee[], syncUsers: string[]): CalendarDirectory {
  return {
    employeesByEmail: new Map(employees.filter((e) => e.email).map((e) => [e.email.toLowerCase(), e])),
    employeesByCode: new Map(employees.map((e) => [e.employee, e])),
    syncUsers: new Map(syncUsers.map((u) => [u.toLowerCase(), u])),
  };
}

/** The organizer's email: the organizer employee's, else the MeetingOrganizer line's. */
export function organizerEmail(activity: LnActivitySnapshot, dir: CalendarDirectory): string {
  const byCode = activity.organizer ? dir.employeesByCode.get(activity.organizer)?.email : undefined;
  if (byCode) return byCode;
  return activity.attendees.find((a) => a.attendance === 'MeetingOrganizer')?.email ?? '';
}

/** The attendee line of `user`: by employee (whose email matches the user's) or by the line's own email. */
export function lineOf(user: string, activity: LnActivitySnapshot, dir: CalendarDirectory): LnAttendeeSnapshot | undefined {
  const employee = dir.employeesByEmail.get(user.toLowerCase());
  return activity.attendees.find((a) => (employee !== undefined && a.type === 'Employee' && a.employee === employee.employee) || sameEmail(attendeeEmail(a, dir), user));
}

/** An attendee line's email: the employee's email for Employee lines, else the line's own. */
export function attendeeEmail(line: LnAttendeeSnapshot, dir: CalendarDirectory): string {
  if (line.type === 'Employee' && line.employee) return dir.employeesByCode.get(line.employee)?.email ?? line.email;
  return line.email;
}

export function isSyncUser(email: string, dir: CalendarDirectory): boolean {
  return email !== '' && dir.syncUsers.has(email.toLowerCase());
}

export function roleOf(user: string, activity: LnActivitySnapshot, dir: CalendarDirectory): CalendarRole {
  const organizer = organizerEmail(activity, dir);
  if (sameEmail(organizer, user)) return 'organizer';
  const line = lineOf(user, activity, dir);
  if (!line) return 'none';
  if (!activity.createdByLn) return 'invitee'; // a meeting from Exchange: every copy was delivered by Exchange
  if (!line.invite) return 'none';
  if (isSyncUser(organizer, dir)) return 'invitee'; // B-A2: Exchange delivers the invitation
  return line.status === 'Declined' && !line.synchronized ? 'none' : 'direct'; // B-A3; B-A9: a declined copy stays gone
}

/** Lines LN wants invited to the organizer's event (B-A2): Invite set, not the organizer, with an email. */
export function invitedLines(activity: LnActivitySnapshot, dir: CalendarDirectory): LnAttendeeSnapshot[] {
  const organizer = organizerEmail(activity, dir);
  return activity.attendees.filter((a) => a.invite && a.attendance !== 'MeetingOrganizer' && attendeeEmail(a, dir) !== '' && !sameEmail(attendeeEmail(a, dir), organizer));
}
