// Maps LN Activity and Attendee entities to the domain EventFields / port snapshots, and domain values back to LN bodies.
// All-day convention: LN stores an all-day activity as StartDate = first day T00:00:00Z, EndDate = the day after the last day T00:00:00Z.
import { utcInstant, type EventField, type EventFields } from '../domain/calendar-event';
import type { LnActivitySnapshot, LnAttendeePatch, LnAttendeeSnapshot, NewLnAttendee } from '../sync/ports/ln-activity-port';
import type { LnActivityEntity, LnActivityWithAttendees, LnAttendeeEntity } from './ln-activity-entities';

/** The activity properties the synchronizer writes (POST/PATCH Activities, without the Attendees navigation). */
export type LnActivityBody = Partial<
  Pick<
    LnActivityEntity,
    | 'Type'
    | 'Subject'
    | 'Text'
    | 'Location'
    | 'StartDate'
    | 'EndDate'
    | 'AllDay'
    | 'Status'
    | 'Sensitivity'
    | 'ShowTimeAs'
    | 'Organizer'
    | 'CreatedByLN'
    | 'Synchronize'
    | 'ExternalReference'
  >
>;

export type LnAttendeeBody = Partial<Omit<LnAttendeeEntity, '@odata.etag'>>;

type ShowTimeAs = LnActivityEntity['ShowTimeAs'];

const showAsOfLn: Readonly<Record<ShowTimeAs, string>> = { Free: 'free', Busy: 'busy', Tentative: 'tentative', OutOfOffice: 'oof' };
const lnOfShowAs: Readonly<Record<string, ShowTimeAs>> = { free: 'Free', busy: 'Busy', tentative: 'Tentative', oof: 'OutOfOffice' };

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** LN → domain. All-day: `start` is StartDate's UTC date, `end` the exclusive end date (see `allDayEnd`). */
export function lnActivityToFields(activity: LnActivityEntity): EventFields {
  const start = utcInstant(activity.StartDate);
  const end = utcInstant(activity.EndDate);
  return {
    subject: activity.Subject,
    body: activity.Text,
    location: activity.Location,
    start: activity.AllDay ? start.slice(0, 10) : start,
    end: activity.AllDay ? allDayEnd(start, end) : end,
    allDay: activity.AllDay ? 'true' : 'false',
    sensitivity: activity.Sensitivity === 'Private' ? 'private' : 'normal',
    showAs: showAsOfLn[activity.ShowTimeAs],
  };
}

/** The exclusive end date of an all-day activity. LN's convention gives EndDate at midnight after the last day; an
 *  EndDate entered otherwise (during the last day, or equal to StartDate) still covers that whole day. */
function allDayEnd(start: string, end: string): string {
  const endMs = Date.parse(end);
  const startDay = Date.parse(`${start.slice(0, 10)}T00:00:00Z`);
  const atMidnight = end.slice(11) === '00:00:00Z';
  const exclusive = atMidnight && endMs > startDay ? endMs : Date.parse(`${end.slice(0, 10)}T00:00:00Z`) + DAY_MS;
  return new Date(Math.max(exclusive, startDay + DAY_MS)).toISOString().slice(0, 10);
}

/** Domain → LN body for the given fields only. A date-only `start`/`end` (all-day) becomes that date T00:00:00Z
 *  (`end` is already exclusive, so it lands on the day after the last day); an instant is written in UTC. */
export function fieldsToLnActivityBody(patch: Partial<EventFields>): LnActivityBody {
  const body: LnActivityBody = {};
  const set = <K extends keyof LnActivityBody>(field: EventField, property: K, map: (v: string) => LnActivityBody[K]) => {
    const value = patch[field];
    if (value !== undefined) body[property] = map(value);
  };
  set('subject', 'Subject', (v) => v);
  set('body', 'Text', (v) => v);
  set('location', 'Location', (v) => v);
  set('start', 'StartDate', lnDateTime);
  set('end', 'EndDate', lnDateTime);
  set('allDay', 'AllDay', (v) => v === 'true');
  set('sensitivity', 'Sensitivity', (v) => (v === 'private' ? 'Private' : 'Normal'));
  // Exchange values LN has no member for (workingElsewhere, unknown) are written as Busy.
  set('showAs', 'ShowTimeAs', (v) => lnOfShowAs[v] ?? 'Busy');
  return body;
}

function lnDateTime(value: string): string {
  return DATE_ONLY.test(value.trim()) ? `${value.trim()}T00:00:00Z` : utcInstant(value);
}

export function lnAttendeeToSnapshot(attendee: LnAttendeeEntity): LnAttendeeSnapshot {
  return {
    line: attendee.Line,
    type: attendee.AttendeeType,
    employee: attendee.Employee,
    contact: attendee.Contact,
    fullName: attendee.FullName,
    email: attendee.Email,
    attendance: attendee.Attendance,
    status: attendee.AttendanceStatus,
    invite: attendee.Invite,
    sentToSynchronizer: attendee.SentToSynchronizer,
    synchronized: attendee.Synchronized,
    etag: attendee['@odata.etag'],
  };
}

export function lnActivityToSnapshot(activity: LnActivityWithAttendees): LnActivitySnapshot {
  return {
    key: activity.Activity,
    etag: activity['@odata.etag'],
    type: activity.Type,
    status: activity.Status,
    organizer: activity.Organizer,
    createdByLn: activity.CreatedByLN,
    synchronize: activity.Synchronize,
    externalReference: activity.ExternalReference,
    modifiedAt: activity.LastModificationDate,
    fields: lnActivityToFields(activity),
    attendees: [...activity.Attendees].sort((a, b) => a.Line - b.Line).map(lnAttendeeToSnapshot),
  };
}

/** A new attendee line for a deep insert; Employee/Contact only for that type, Line assigned by LN. */
export function newAttendeeToLnBody(attendee: NewLnAttendee): LnAttendeeBody {
  return {
    AttendeeType: attendee.type,
    ...(attendee.type === 'Employee' ? { Employee: attendee.employee ?? '' } : {}),
    ...(attendee.type === 'Contact' ? { Contact: attendee.contact ?? '' } : {}),
    FullName: attendee.fullName,
    Email: attendee.email,
    Attendance: attendee.attendance,
    AttendanceStatus: attendee.status,
    Invite: attendee.invite,
    SentToSynchronizer: attendee.sentToSynchronizer,
    Synchronized: attendee.synchronized,
  };
}

export function attendeePatchToLnBody(patch: LnAttendeePatch): LnAttendeeBody {
  return {
    ...(patch.synchronized === undefined ? {} : { Synchronized: patch.synchronized }),
    ...(patch.sentToSynchronizer === undefined ? {} : { SentToSynchronizer: patch.sentToSynchronizer }),
    ...(patch.status === undefined ? {} : { AttendanceStatus: patch.status }),
  };
}
