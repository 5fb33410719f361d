// What calendar synchronization needs from LN activities and attendees, in domain terms.
// The LN adapter maps entities (tccom600 / tccom6105) to these snapshots and back.
import type { EventFields } from '../../domain/calendar-event';

export type LnActivityType = 'Appointment' | 'Call' | 'Task' | 'Mailing';
export type LnActivityStatus = 'Planned' | 'Held' | 'NotHeld' | 'Cancelled';
export type LnAttendeeType = 'Employee' | 'Contact' | 'Other';
export type LnAttendance = 'Required' | 'Optional' | 'Resource' | 'MeetingOrganizer';
export type LnAttendanceStatus = 'None' | 'Accepted' | 'Tentative' | 'Declined';

export interface LnAttendeeSnapshot {
  line: number;
  type: LnAttendeeType;
  employee: string;
  contact: string;
  fullName: string;
  email: string;
  attendance: LnAttendance;
  status: LnAttendanceStatus;
  invite: boolean;
  sentToSynchronizer: boolean;
  synchronized: boolean;
  etag: string;
}

export interface LnActivitySnapshot {
  key: string;
  etag: string;
  type: LnActivityType;
  status: LnActivityStatus;
  /** Employee code of the meeting organizer ('' when unknown). */
  organizer: string;
  createdByLn: boolean;
  synchronize: boolean;
  externalReference: string;
  modifiedAt: string;
  fields: EventFields;
  attendees: LnAttendeeSnapshot[];
  /** Set by a write: values shortened to LN's field lengths (B-C12), one message for the activity. */
  warnings?: string[];
}

export interface LnEmployee {
  employee: string;
  name: string;
  user: string;
  email: string;
}

export interface NewLnAttendee {
  type: LnAttendeeType;
  employee?: string;
  contact?: string;
  fullName: string;
  email: string;
  attendance: LnAttendance;
  status: LnAttendanceStatus;
  invite: boolean;
  sentToSynchronizer: boolean;
  synchronized: boolean;
}

export interface NewLnActivity {
  fields: EventFields;
  /** Employee code of the organizer when the organizer is an employee, else ''. */
  organizer: string;
  externalReference: string;
  attendees: NewLnAttendee[];
}

export interface LnAttendeePatch {
  synchronized?: boolean;
  sentToSynchronizer?: boolean;
  status?: LnAttendanceStatus;
}

export interface LnActivityReader {
  /** In scope (B-A1): Synchronize, type Appointment or Call, ending at or after `now`; with attendees. */
  listInScope(now: string): Promise<LnActivitySnapshot[]>;
  /** Every activity ending at or after `now` changed after `since`, in scope or not (to see Synchronize cleared, type changed, cancelled). */
  listChanged(since: string, now: string): Promise<LnActivitySnapshot[]>;
  listDeleted(since: string): Promise<Array<{ key: string; deletedAt: string }>>;
  get(key: string): Promise<LnActivitySnapshot | undefined>;
  findByExternalReference(ref: string): Promise<LnActivitySnapshot[]>;
  /** With `now`, the employees may come from a read earlier in the same scheduler tick (B-I8). */
  listEmployees(now?: Date): Promise<LnEmployee[]>;
  /** LN contact codes by email (exact match as LN stores it), for typing attendees (B-A5). */
  findContactKeysByEmail(emails: string[]): Promise<Map<string, string>>;
}

export interface LnActivityWriter {
  /** Deep insert of an Exchange-originated Appointment: CreatedByLN = false, Synchronize = true (B-A5). */
  create(activity: NewLnActivity): Promise<LnActivitySnapshot>;
  update(key: string, etag: string, patch: Partial<EventFields>, extra?: { status?: LnActivityStatus; externalReference?: string }): Promise<LnActivitySnapshot>;
  delete(key: string, etag: string): Promise<void>;
  updateAttendee(activity: string, line: number, etag: string, patch: LnAttendeePatch): Promise<void>;
}

export type LnActivityPort = LnActivityReader & LnActivityWriter;
